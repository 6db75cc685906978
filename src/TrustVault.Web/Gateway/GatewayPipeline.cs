using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TrustVault.Core.Catalog;
using TrustVault.Core.Egress;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Telemetry;
using TrustVault.Web.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The step in front of every endpoint under /gw (<see cref="GatewayExtensions.UseGateway"/>): key → subscription → rate
/// limit → (first-party) endpoint → quota → the endpoint, which is a first-party handler or the catch-all that forwards
/// to the upstream → usage event (stored before the call completes). Answers 400, 401, 403, 404, 405, 413, 429, 502 and
/// 504 as problem+json. Each call is counted in <see cref="TrustVaultMetrics"/> and, when traced, is a "gateway" span
/// tagged with its request id, holding the "upstream" and "metering" spans.
/// </summary>
internal sealed partial class GatewayPipeline(
    GatewayAccessResolver access,
    IGatewayLimits limits,
    IQuotaReservations quotas,
    UsageRecorder recorder,
    QuotaAlertTrigger quotaAlerts,
    UpstreamUrlPolicy upstreams,
    IHttpForwarder forwarder,
    EgressClient upstreamClient,
    GatewayEndpoints endpoints,
    TrustVaultMetrics metrics,
    IOptions<UpstreamOptions> options,
    TimeProvider clock)
{
    // The same for every call (the options are read once at start), so not one more object per call.
    private readonly ForwarderRequestConfig forwarding = new() { ActivityTimeout = options.Value.Timeout };

    // The upstream rules' verdict on each listing object the access cache hands out. It depends only on the address and the
    // options, both fixed for that object, so it is reached once per cache read rather than by parsing the address (a Uri,
    // and an IPAddress for an IP host) on every call; an entry goes when the cache lets go of its listing.
    private readonly ConditionalWeakTable<GatewayListing, string?> upstreamVerdicts = new();

    public const string RequestIdHeader = "X-Request-Id";
    public const string RateLimitHeader = "RateLimit-Limit";
    public const string RateRemainingHeader = "RateLimit-Remaining";
    public const string RateResetHeader = "RateLimit-Reset";
    public const string QuotaRemainingHeader = "X-Quota-Remaining";

    /// <summary>The headers the gateway answers itself, whatever an upstream sends under the same names.</summary>
    public static readonly string[] AnsweredHeaders =
        [UpstreamSignature.RequestIdHeader, RequestIdHeader, RateLimitHeader, RateRemainingHeader, RateResetHeader, QuotaRemainingHeader];

    /// <summary>Whether a call passed the gateway's checks, and whether it holds a unit of its quota.</summary>
    private enum Admission
    {
        /// <summary>No subscription, unpaid, or an unknown listing.</summary>
        Refused,

        RateLimited,

        OverQuota,

        /// <summary>A first-party API has no endpoint for the call's path and method: the client's mistake, never billed.</summary>
        UnknownEndpoint,

        /// <summary>A test key's call, which never counts against the quota.</summary>
        Admitted,

        Reserved,
    }

    /// <summary>What the call's metrics and span say of it, filled in as the call goes.</summary>
    private sealed class CallMeasure
    {
        public long Started { get; } = Stopwatch.GetTimestamp();

        /// <summary>The listing's slug, once the gateway found the listing: a slug it did not find is the caller's text, not a label.</summary>
        public string? Listing { get; set; }

        public GatewayOutcome Outcome { get; set; } = GatewayOutcome.Refused;

        /// <summary>The endpoint's or upstream's time, which is not the gateway's.</summary>
        public TimeSpan Served { get; set; }
    }

    /// <param name="endpoint">The endpoint routing chose: a first-party handler, or the catch-all for any other path.</param>
    public async Task HandleAsync(HttpContext context, Endpoint endpoint, GatewayRoute route)
    {
        var measure = new CallMeasure();
        using var span = TrustVaultActivities.Source.StartActivity("gateway");
        try
        {
            await ServeAsync(context, endpoint, route, span, measure);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            measure.Outcome = GatewayOutcome.Error;
            throw;
        }
        finally
        {
            // A failed call is answered 500 by the exception handler once this returns.
            var status = measure.Outcome == GatewayOutcome.Error && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            metrics.GatewayCall(measure.Listing, status, measure.Outcome, Stopwatch.GetElapsedTime(measure.Started) - measure.Served);
            if (span is not null)
            {
                span.SetTag(TrustVaultActivities.ListingTag, measure.Listing);
                span.SetTag(TrustVaultActivities.OutcomeTag, TrustVaultMetrics.Label(measure.Outcome));
                span.SetTag("http.response.status_code", status);
                if (status >= 500)
                {
                    span.SetStatus(ActivityStatusCode.Error);
                }
            }
        }
    }

    private async Task ServeAsync(HttpContext context, Endpoint endpoint, GatewayRoute route, Activity? span, CallMeasure measure)
    {
        var (slug, path) = SlugAndPath(context.Request.Path);
        // The call's id is always the gateway's own: it is the usage store's dedup key, so an id the caller chose (and
        // could send on every call) would let repeated calls go unmetered and past the quota. A caller's X-Request-Id
        // is only echoed, for its own correlation.
        var requestId = Guid.CreateVersion7().ToString("N");
        context.Response.Headers[UpstreamSignature.RequestIdHeader] = requestId;
        context.Response.Headers[RequestIdHeader] = CallerRequestId(context.Request) ?? requestId;
        span?.SetTag(TrustVaultActivities.RequestIdTag, requestId);

        var grant = await access.ResolveAsync(PresentedKey(context.Request), slug, context.RequestAborted);
        if (grant.Key is null)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Missing or invalid API key",
                $"Send a valid key in the {GatewayHeaders.ApiKey} header (or Authorization: Bearer). Keys are managed in the console.");
            return;
        }

        measure.Listing = grant.Listing?.Slug;

        var period = grant.Subscription?.Period;
        var body = GatewayResponseBody.Install(context);
        var admission = Admission.Refused;
        long? used = null;
        UpstreamCall? upstreamCall = null;
        var bodyRefused = false;
        try
        {
            (admission, used) = await AdmitAsync(context, grant, slug, path, route);
            measure.Outcome = admission switch
            {
                Admission.RateLimited => GatewayOutcome.RateLimited,
                Admission.OverQuota => GatewayOutcome.QuotaExceeded,
                Admission.Admitted or Admission.Reserved => GatewayOutcome.Allowed,
                _ => GatewayOutcome.Refused,
            };
            if (admission is Admission.Admitted or Admission.Reserved)
            {
                // Each endpoint is given what it reads: a first-party handler its caller, the catch-all what it forwards.
                if (route.IsFirstParty)
                {
                    context.Features.Set(new GatewayCaller(grant.Key.OrganizationId, grant.Subscription!.Id));
                }
                else
                {
                    upstreamCall = new UpstreamCall(grant.Listing!, grant.Subscription!, path, requestId);
                    context.Features.Set(upstreamCall);
                }

                // A request body that the endpoint's binding or the server refused is answered as problem+json: not of the
                // request's shape (400, naming the field) or past its size limit (413). Here rather than in a method of its
                // own, whose state machine would be one more object per call.
                var serving = Stopwatch.GetTimestamp();
                try
                {
                    await endpoint.RequestDelegate!(context);
                }
                catch (BadHttpRequestException e) when (!context.Response.HasStarted)
                {
                    var (field, message) = RequestReadProblem.Describe(e);
                    // Past the size limit the body was never served; a body not of the request's shape was read, and counts.
                    bodyRefused = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
                    await GatewayProblems.WriteAsync(context, e.StatusCode,
                        e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Invalid request", message, field);
                }
                finally
                {
                    measure.Served = Stopwatch.GetElapsedTime(serving);
                }

                if (upstreamCall is { Failed: true })
                {
                    measure.Outcome = GatewayOutcome.UpstreamError;
                }
            }
        }
        finally
        {
            // Recorded even when the client went away: the call happened.
            var call = new UsageEvent
            {
                RequestId = requestId,
                At = clock.GetUtcNow(),
                OrganizationId = grant.Key.OrganizationId,
                SubscriptionId = grant.Subscription?.Id,
                ListingId = grant.Listing?.Id,
                ApiKeyId = grant.Key.Id,
                // Truncated to the store's columns: on SQL Server a longer value would fail the whole batch, every caller's event in it.
                Method = Truncate(context.Request.Method, UsageEvent.MethodMaxLength),
                Route = Truncate($"/{slug}/{path}", UsageEvent.RouteMaxLength),
                Status = context.Response.StatusCode,
                LatencyMs = (int)Stopwatch.GetElapsedTime(measure.Started).TotalMilliseconds,
                Bytes = body.Bytes,
                IsTest = grant.Key.IsTest,
                IsUnknownEndpoint = admission == Admission.UnknownEndpoint || upstreamCall is { PathRefused: true },
                // By who answered, never by status: an upstream's own 403 or 429 is its answer to a call it served.
                IsGatewayRefusal = admission is Admission.Refused or Admission.RateLimited or Admission.OverQuota
                    || bodyRefused || upstreamCall is { BodyRefused: true },
            };
            await recorder.RecordAsync(call, period?.Start ?? default, admission == Admission.Reserved, CancellationToken.None);
            // The count the call reserved decides whether an alert may be due; only then is the count after its commit read
            // (a round trip to Redis on several nodes), which the alert goes by since a unit reserved may have been released.
            if (grant.Subscription is { IncludedCalls: > 0 } subscription && call.IsBillable && quotaAlerts.MayBeDue(subscription, used))
            {
                quotaAlerts.Check(subscription, await quotas.GetUsedAsync(subscription.Id, subscription.Period, CancellationToken.None));
            }
        }
    }

    /// <summary>
    /// Subscription, rate limit, a first-party API's endpoint and quota, answering the call itself when one of them refuses
    /// it; with the calls used of the quota, when the call read or reserved it.
    /// </summary>
    /// <remarks>A ValueTask: an admitted call nearly always passes at once, and a Task would be one more object per call.</remarks>
    private async ValueTask<(Admission Admission, long? Used)> AdmitAsync(HttpContext context, GatewayAccess grant, string slug, string path, GatewayRoute route)
    {
        switch (grant.Refusal)
        {
            case AccessRefusal.SuspendedListing:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "API suspended",
                    $"TrustVault has suspended '{slug}': it refuses calls until it is reinstated.");
                return (Admission.Refused, null);
            case AccessRefusal.UnknownListing:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown API", $"No published API is listed at '{slug}'.");
                return (Admission.Refused, null);
            case AccessRefusal.NoSubscription:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "No subscription",
                    $"Your organization does not subscribe to '{slug}'. Subscribe to a plan in the catalog first.");
                return (Admission.Refused, null);
            case AccessRefusal.PaymentRequired:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status402PaymentRequired, "Payment required",
                    "Your organization's last invoice is unpaid and the grace period is over. Pay it in the console under Billing.");
                return (Admission.Refused, null);
        }

        var subscription = grant.Subscription!;
        var listing = grant.Listing!;
        // A path or method the API does not serve takes no unit of the quota. Such a call to a first-party listing reaches
        // the catch-all, since routing found none of the listing's own endpoints for it.
        var unknownEndpoint = listing.IsFirstParty != route.IsFirstParty;
        var use = unknownEndpoint ? QuotaUse.None : grant.Key!.IsTest ? QuotaUse.Read : QuotaUse.Reserve;
        var (rate, quotaTaken) = await limits.TakeAsync(subscription, use, context.RequestAborted);
        var headers = context.Response.Headers;
        headers[RateLimitHeader] = rate.Limit.ToString(CultureInfo.InvariantCulture);
        headers[RateRemainingHeader] = rate.Remaining.ToString(CultureInfo.InvariantCulture);
        if (!rate.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(rate.RetryAfter.TotalSeconds));
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            headers[RateResetHeader] = seconds.ToString(CultureInfo.InvariantCulture);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Rate limit exceeded",
                $"Your plan allows {subscription.RatePerSecond} requests per second and {subscription.RatePerMinute} per minute. Retry after {seconds} s.",
                type: GatewayProblems.RateLimitedType);
            return (Admission.RateLimited, null);
        }

        if (unknownEndpoint)
        {
            await RefuseUnknownEndpointAsync(context, slug, path);
            return (Admission.UnknownEndpoint, null);
        }

        // A test key's calls never count, so they reserve nothing; a hard cap still refuses them once live calls have
        // used the quota up. A live call reserves its unit before it is served, so parallel calls cannot pass a hard cap
        // together; the calls used then include it, and what is left is what remains after this call.
        var (granted, used) = quotaTaken!.Value;
        var admission = !granted ? Admission.OverQuota : use == QuotaUse.Reserve ? Admission.Reserved : Admission.Admitted;
        var quota = new QuotaStatus(used, subscription.IncludedCalls, subscription.HardCap);
        headers[QuotaRemainingHeader] = quota.Remaining.ToString(CultureInfo.InvariantCulture);
        if (admission == Admission.OverQuota)
        {
            var untilReset = Math.Max(1, (int)Math.Ceiling((subscription.Period.End - clock.GetUtcNow()).TotalSeconds));
            headers.RetryAfter = untilReset.ToString(CultureInfo.InvariantCulture);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Monthly quota used up",
                $"All {quota.Included:N0} calls of this month's plan are used. The quota resets at {subscription.Period.End:u}; or upgrade the plan.",
                type: GatewayProblems.QuotaExhaustedType);
        }

        return (admission, used);
    }

    /// <summary>
    /// 405 with the methods allowed when one of the listing's endpoints has the path; 415 when it has the method too, so
    /// routing passed it over for the body's media type; else 404.
    /// </summary>
    private Task RefuseUnknownEndpointAsync(HttpContext context, string slug, string path)
    {
        var allowed = endpoints.FirstPartyMethods(context.Request.Path);
        if (allowed.Count == 0)
        {
            return GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown endpoint", $"'{slug}' has no endpoint /{path}.");
        }

        if (endpoints.FirstPartyContentTypes(context.Request.Method, context.Request.Path) is [var first, ..] types)
        {
            return GatewayProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"/{path} of '{slug}' takes a {string.Join(" or ", types)} body; send it with Content-Type: {first}.");
        }

        context.Response.Headers.Allow = string.Join(", ", allowed);
        return GatewayProblems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed",
            $"/{path} of '{slug}' answers {string.Join(", ", allowed)}, not {context.Request.Method}.");
    }

    /// <summary>"stockpulse" and "quotes/ACME" from /gw/stockpulse/quotes/ACME.</summary>
    private static (string Slug, string Path) SlugAndPath(PathString requestPath)
    {
        var rest = requestPath.Value!.AsSpan(GatewayExtensions.Prefix.Length + 1);
        var slash = rest.IndexOf('/');
        return slash < 0 ? (rest.ToString(), "") : (rest[..slash].ToString(), rest[(slash + 1)..].ToString());
    }

    /// <summary>The catch-all's handler: the upstream answers an admitted call to a third-party listing.</summary>
    public async Task ForwardAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<UpstreamCall>();
        var (listing, subscription, path, requestId) = call;
        if (!UpstreamPath.StaysUnderBase(path))
        {
            call.PathRefused = true;
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Path not allowed",
                "The path may not contain backslashes or '.' and '..' segments, plain or percent-encoded.");
            return;
        }

        // A declared length is refused before anything is sent: the client, which may wait for 100 Continue, never sends it.
        if (context.Request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
        {
            call.BodyRefused = true;
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await WriteForwardFailureAsync(context);
            return;
        }

        if (listing.UpstreamBaseUrl is not { } upstream || UpstreamVerdict(listing, upstream) is not null)
        {
            call.Failed = true;
            await GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Upstream not callable", "The provider's upstream address is missing or not allowed.");
            return;
        }

        // The upstream client sends no trace context of ours (EgressClient). Untraced, the current activity is cleared,
        // so that the client also skips the span it would start for every call; traced, its span is this one's child.
        // Only inside this method: an async method's change does not reach its caller.
        using var span = TrustVaultActivities.Source.StartActivity("upstream");
        span?.SetTag(TrustVaultActivities.ListingTag, listing.Slug);
        Activity.Current = span;
        // The gateway meters calls, not tunnels: an upgrade (WebSocket, HTTP/2's extended CONNECT) is forwarded as a plain
        // call, whose hop-by-hop Upgrade and Connection headers stay here.
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true })
        {
            context.Features.Set<IHttpUpgradeFeature>(null);
            context.Features.Set<IHttpExtendedConnectFeature>(null);
        }

        var started = Stopwatch.GetTimestamp();
        var answered = AnsweredValues(context.Response.Headers);
        var error = await forwarder.SendAsync(
            context,
            upstream,
            upstreamClient.Invoker,
            forwarding,
            new UpstreamTransformer(path, subscription.Id, requestId, listing.SigningSecret, clock.GetUtcNow()));
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            // The forwarder clears the answer of a call it began and could not finish, the gateway's own headers with it.
            for (var i = 0; i < AnsweredHeaders.Length; i++)
            {
                if (!StringValues.IsNullOrEmpty(answered[i]))
                {
                    context.Response.Headers[AnsweredHeaders[i]] = answered[i];
                }
            }

            if (context.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout && await IsBodyOverLimitAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            }

            await WriteForwardFailureAsync(context);
            call.Failed = context.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout;
            call.BodyRefused = context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge;
        }

        metrics.UpstreamCall(listing.Slug, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        if (error != ForwarderError.None)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.ToString());
        }
    }

    /// <returns>Null when the rules allow the listing's upstream, else what is wrong with it.</returns>
    private string? UpstreamVerdict(GatewayListing listing, string upstream)
    {
        if (!upstreamVerdicts.TryGetValue(listing, out var verdict))
        {
            verdict = upstreams.Check(upstream);
            upstreamVerdicts.AddOrUpdate(listing, verdict);
        }

        return verdict;
    }

    /// <summary>
    /// Whether the rest of a body of undeclared length, read to its end, is over the server's limit (the server counts
    /// it as it arrives). An upstream that failed before the forwarder read the body would otherwise answer for it, and a
    /// client told 502 would retry a body the gateway never takes. Read for at most the upstream timeout.
    /// </summary>
    private async Task<bool> IsBodyOverLimitAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true })
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, timeout.Token);
            return false;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return true;
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The forwarder has set the status that fits who failed: the client, whose body could not be read whole (400, 408,
    /// or 413 past the server's limit), or the upstream (502, 504). Blaming the provider for the client's body would
    /// count the call as the provider's error.
    /// </summary>
    private Task WriteForwardFailureAsync(HttpContext context)
    {
        var (status, title, detail) = context.Response.StatusCode switch
        {
            StatusCodes.Status504GatewayTimeout => (StatusCodes.Status504GatewayTimeout, "Upstream timed out",
                $"The provider did not answer within {options.Value.Timeout.TotalSeconds:0} s."),
            StatusCodes.Status413PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"Send at most {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize / 1_000_000:N0} MB."),
            StatusCodes.Status408RequestTimeout => (StatusCodes.Status408RequestTimeout, "Request body too slow", "Your client did not send the request body in time."),
            >= 400 and < 500 and var client => (client, "Request body incomplete", "The gateway could not read the whole request body from your client."),
            _ => (StatusCodes.Status502BadGateway, "Upstream failed", "The provider's server could not be reached or answered badly."),
        };
        return GatewayProblems.WriteAsync(context, status, title, detail);
    }

    private static StringValues[] AnsweredValues(IHeaderDictionary headers)
    {
        var values = new StringValues[AnsweredHeaders.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = headers[AnsweredHeaders[i]];
        }

        return values;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(GatewayHeaders.ApiKey, out var key) && !string.IsNullOrWhiteSpace(key))
        {
            return key.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static string? CallerRequestId(HttpRequest request)
    {
        var given = request.Headers[RequestIdHeader].ToString();
        return given.Length is > 0 and <= 64 && CallerRequestIdPattern().IsMatch(given) ? given : null;
    }

    /// <summary>What the catch-all needs of an admitted call to forward it; and whether the upstream failed to answer it.</summary>
    private sealed record UpstreamCall(GatewayListing Listing, GatewaySubscription Subscription, string Path, string RequestId)
    {
        /// <summary>The gateway answered 502 or 504 itself: the upstream could not be called, did not answer in time or answered badly.</summary>
        public bool Failed { get; set; }

        /// <summary>The gateway refused the path (400) without calling the upstream: like a path no endpoint has, never billed.</summary>
        public bool PathRefused { get; set; }

        /// <summary>The gateway answered 413 itself: the body is over the server's size limit, so the upstream never took it.</summary>
        public bool BodyRefused { get; set; }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex CallerRequestIdPattern();
}
