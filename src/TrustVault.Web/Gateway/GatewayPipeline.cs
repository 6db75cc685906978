using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TrustVault.Core.Catalog;
using TrustVault.Core.Egress;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Web.Api;
using Yarp.ReverseProxy.Forwarder;

namespace TrustVault.Web.Gateway;

/// <summary>
/// Every API call: key → subscription → rate limit → (first-party) endpoint → quota → first-party handler or upstream →
/// usage event (stored before the call completes). Answers 400, 401, 403, 404, 405, 413, 429, 502 and 504 as problem+json.
/// </summary>
internal sealed partial class GatewayPipeline(
    GatewayAccessResolver access,
    ISubscriptionRateLimiter rateLimiter,
    IQuotaReservations quotas,
    UsageRecorder recorder,
    QuotaAlertTrigger quotaAlerts,
    UpstreamUrlPolicy upstreams,
    IHttpForwarder forwarder,
    EgressClient upstreamClient,
    IOptions<UpstreamOptions> options,
    TimeProvider clock)
{
    public const string ApiKeyHeader = "X-Api-Key";
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
        Refused,

        /// <summary>A first-party API has no endpoint for the call's path and method: the client's mistake, never billed.</summary>
        UnknownEndpoint,

        /// <summary>A test key's call, which never counts against the quota.</summary>
        Admitted,

        Reserved,
    }

    public async Task HandleAsync(HttpContext context, string slug, string path)
    {
        var started = Stopwatch.GetTimestamp();
        // The call's id is always the gateway's own: it is the usage store's dedup key, so an id the caller chose (and
        // could send on every call) would let repeated calls go unmetered and past the quota. A caller's X-Request-Id
        // is only echoed, for its own correlation.
        var requestId = Guid.CreateVersion7().ToString("N");
        context.Response.Headers[UpstreamSignature.RequestIdHeader] = requestId;
        context.Response.Headers[RequestIdHeader] = CallerRequestId(context.Request) ?? requestId;

        var grant = await access.ResolveAsync(PresentedKey(context.Request), slug, context.RequestAborted);
        if (grant.Key is null)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Missing or invalid API key",
                $"Send a valid key in the {ApiKeyHeader} header (or Authorization: Bearer). Keys are managed in the console.");
            return;
        }

        var period = grant.Subscription?.Period;
        var body = GatewayResponseBody.Install(context);
        var admission = Admission.Refused;
        try
        {
            (admission, var route) = await AdmitAsync(context, grant, slug, path);
            if (admission is Admission.Admitted or Admission.Reserved)
            {
                await ServeAsync(context, grant, route, path, requestId);
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
                LatencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                Bytes = body.Bytes,
                IsTest = grant.Key.IsTest,
                IsUnknownEndpoint = admission == Admission.UnknownEndpoint,
            };
            await recorder.RecordAsync(call, period?.Start ?? default, admission == Admission.Reserved, CancellationToken.None);
            if (grant.Subscription is { IncludedCalls: > 0 } subscription && call.IsBillable)
            {
                quotaAlerts.Check(subscription, await quotas.GetUsedAsync(subscription.Id, subscription.Period, CancellationToken.None));
            }
        }
    }

    /// <summary>
    /// Subscription, rate limit, a first-party API's endpoint and quota, answering the call itself when one of them
    /// refuses it; the first-party route that will answer an admitted call.
    /// </summary>
    private async Task<(Admission Admission, FirstPartyRoute? Route)> AdmitAsync(HttpContext context, GatewayAccess grant, string slug, string path)
    {
        switch (grant.Refusal)
        {
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
        var rate = await rateLimiter.TryAcquireAsync(subscription.Id, subscription.RatePerSecond, subscription.RatePerMinute, context.RequestAborted);
        var headers = context.Response.Headers;
        headers[RateLimitHeader] = rate.Limit.ToString(CultureInfo.InvariantCulture);
        headers[RateRemainingHeader] = rate.Remaining.ToString(CultureInfo.InvariantCulture);
        if (!rate.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(rate.RetryAfter.TotalSeconds));
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            headers[RateResetHeader] = seconds.ToString(CultureInfo.InvariantCulture);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Rate limit exceeded",
                $"Your plan allows {subscription.RatePerSecond} requests per second and {subscription.RatePerMinute} per minute. Retry after {seconds} s.");
            return (Admission.Refused, null);
        }

        // Before the quota: a path or method the API does not serve takes no unit of it.
        var route = listing.IsFirstParty ? await FirstPartyApis.FindAsync(context, listing.Slug, path) : null;
        if (listing.IsFirstParty && route is null)
        {
            return (Admission.UnknownEndpoint, null);
        }

        var (admission, used) = await TakeQuotaAsync(subscription, grant.Key!.IsTest, context.RequestAborted);
        var quota = new QuotaStatus(used, subscription.IncludedCalls, subscription.HardCap);
        headers[QuotaRemainingHeader] = quota.Remaining.ToString(CultureInfo.InvariantCulture);
        if (admission == Admission.Refused)
        {
            var untilReset = Math.Max(1, (int)Math.Ceiling((subscription.Period.End - clock.GetUtcNow()).TotalSeconds));
            headers.RetryAfter = untilReset.ToString(CultureInfo.InvariantCulture);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Monthly quota used up",
                $"All {quota.Included:N0} calls of this month's plan are used. The quota resets at {subscription.Period.End:u}; or upgrade the plan.");
        }

        return (admission, route);
    }

    /// <summary>
    /// A live call reserves its unit before it is served, so parallel calls cannot pass a hard cap together; the calls
    /// used then include it, and what is left is what remains after this call.
    /// </summary>
    private async Task<(Admission Admission, long Used)> TakeQuotaAsync(GatewaySubscription subscription, bool testKey, CancellationToken cancellationToken)
    {
        if (testKey)
        {
            // A test key's calls never count, so they reserve nothing; a hard cap still refuses them once live calls have used the quota up.
            var used = await quotas.GetUsedAsync(subscription.Id, subscription.Period, cancellationToken);
            return (new QuotaStatus(used, subscription.IncludedCalls, subscription.HardCap).Allows ? Admission.Admitted : Admission.Refused, used);
        }

        var reservation = await quotas.TryReserveAsync(subscription.Id, subscription.Period, subscription.HardCap ? subscription.IncludedCalls : null, cancellationToken);
        return (reservation.Granted ? Admission.Reserved : Admission.Refused, reservation.Used);
    }

    /// <summary>The first-party <paramref name="route"/> or the upstream answers an admitted call.</summary>
    private async Task ServeAsync(HttpContext context, GatewayAccess grant, FirstPartyRoute? route, string path, string requestId)
    {
        var subscription = grant.Subscription!;
        if (route is not null)
        {
            context.Features.Set(new GatewayCaller(grant.Key!.OrganizationId, subscription.Id));
            await FirstPartyApis.HandleAsync(context, route, path);
            return;
        }

        await ForwardAsync(context, grant.Listing!, subscription, path, requestId);
    }

    private async Task ForwardAsync(HttpContext context, GatewayListing listing, GatewaySubscription subscription, string path, string requestId)
    {
        if (!ForwardedPath.StaysUnderBase(path))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Path not allowed",
                "The path may not contain backslashes or '.' and '..' segments, plain or percent-encoded.");
            return;
        }

        // A declared length is refused before anything is sent: the client, which may wait for 100 Continue, never sends it.
        if (context.Request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await WriteForwardFailureAsync(context);
            return;
        }

        if (listing.UpstreamBaseUrl is not { } upstream || upstreams.Check(upstream) is not null)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Upstream not callable", "The provider's upstream address is missing or not allowed.");
            return;
        }

        // The upstream client sends no trace context of ours (EgressClient); without a current activity it also skips
        // the span it would start for every call. Only inside this method: an async method's change does not reach its caller.
        Activity.Current = null;
        var error = await forwarder.SendAsync(
            context,
            upstream,
            upstreamClient.Invoker,
            new ForwarderRequestConfig { ActivityTimeout = options.Value.Timeout },
            new UpstreamTransformer(path, subscription.Id, requestId, listing.SigningSecret, clock.GetUtcNow()));
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            if (context.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout && await IsBodyOverLimitAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            }

            await WriteForwardFailureAsync(context);
        }
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

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var key) && !string.IsNullOrWhiteSpace(key))
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

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex CallerRequestIdPattern();
}
