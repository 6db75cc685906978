using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Api;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

[Collection(AppCollection.Name)]
public sealed class GatewayTests(GatewayFactory factory, LocalUpstream upstream) : IClassFixture<GatewayFactory>, IClassFixture<LocalUpstream>
{
    private Task<GatewayArrange.Arranged> ArrangeAsync(PlanInput plan, bool testKey = false, string? upstreamBase = null) =>
        GatewayArrange.ArrangeAsync(factory.Services, upstreamBase ?? upstream.BaseAddress.ToString(), plan, testKey);

    private HttpClient Client(string? key = null)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>
    /// A live key of an organization of its own on AI Analytics' roomiest plan: a rate-limit bucket and quota no other
    /// test spends (the seeded demo organization's Free plan allows 2 calls a second to every test at once).
    /// </summary>
    private async Task<string> FirstPartyKeyAsync() => (await DemoCustomer.OtherOrganizationAsync(factory, "ai-analytics")).Key;

    /// <summary>The usage event of the call that got <paramref name="response"/>, by the gateway's id it answered.</summary>
    private async Task<UsageEvent> StoredEventAsync(HttpResponseMessage response)
    {
        var requestId = response.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single();
        await factory.UsageImportedAsync([response]);
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().UsageEvents.AsNoTracking().SingleAsync(e => e.RequestId == requestId);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("tv_live_abcdefghijkm_wrongsecret")]
    public async Task A_missing_or_unknown_key_gets_401(string? key)
    {
        var response = await Client(key).GetAsync("/gw/ai-analytics/v1/ping");

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_first_party_call_answers_in_process_and_echoes_the_callers_request_id()
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await FirstPartyKeyAsync());
        client.DefaultRequestHeaders.Add("X-Request-Id", "req-ping-1");

        var response = await client.GetAsync("/gw/ai-analytics/v1/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("req-ping-1", response.Headers.GetValues("X-Request-Id").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        // The call's own id, which its usage event carries, is TrustVault's.
        Assert.Equal(response.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single(), body.GetProperty("requestId").GetString());
        Assert.NotEqual("req-ping-1", body.GetProperty("requestId").GetString());
        Assert.True(response.Headers.Contains("RateLimit-Remaining"));
    }

    [Fact]
    public async Task A_first_party_path_answers_head_as_get_and_a_method_it_lacks_with_405_and_the_allowed_ones()
    {
        var client = Client(await FirstPartyKeyAsync());

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/gw/ai-analytics/v1/ping"));
        var post = await client.PostAsync("/gw/ai-analytics/v1/ping", null);
        var get = await client.GetAsync("/gw/ai-analytics/v1/profile");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        await ProblemAsync(post, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow);
        await ProblemAsync(get, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], get.Content.Headers.Allow);
        var stored = await StoredEventAsync(head);
        Assert.Equal(("HEAD", 200, 0L), (stored.Method, stored.Status, stored.Bytes));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task A_json_endpoint_sent_another_media_type_answers_415_naming_json(string? mediaType)
    {
        var client = Client(await FirstPartyKeyAsync());
        var content = new StringContent("""{"series":[1,2,3,4,5,6],"horizon":2,"seasonLength":1}""");
        content.Headers.ContentType = mediaType is null ? null : new(mediaType);

        var response = await client.PostAsync("/gw/ai-analytics/v1/forecast", content);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("Content-Type: application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await StoredEventAsync(response)).IsBillable);
    }

    [Fact]
    public async Task A_path_or_method_a_first_party_api_does_not_serve_is_metered_but_neither_billed_nor_counted()
    {
        var client = Client(await FirstPartyKeyAsync());
        var quotas = factory.Services.GetRequiredService<IQuotaReservations>();

        var subscription = (await StoredEventAsync(await client.GetAsync("/gw/ai-analytics/v1/ping"))).SubscriptionId!.Value;
        var period = BillingPeriod.MonthOf(factory.Clock.GetUtcNow());
        var used = await quotas.GetUsedAsync(subscription, period, CancellationToken.None);
        var unknown = await client.GetAsync("/gw/ai-analytics/v1/no-such-endpoint");
        var wrongMethod = await client.DeleteAsync("/gw/ai-analytics/v1/ping");

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        foreach (var response in new[] { unknown, wrongMethod })
        {
            var stored = await StoredEventAsync(response);
            Assert.Equal((subscription, (int)response.StatusCode, false), (stored.SubscriptionId!.Value, stored.Status, stored.IsBillable));
        }

        Assert.Equal(used, await quotas.GetUsedAsync(subscription, period, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_subscription_the_call_gets_403_and_an_unknown_api_404()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());

        await ProblemAsync(await Client(arranged.Key).GetAsync("/gw/stockpulse-market-data/quotes/ACME"), HttpStatusCode.Forbidden);
        await ProblemAsync(await Client(arranged.Key).GetAsync("/gw/no-such-api/x"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_forwarded_call_reaches_the_upstream_signed_and_without_the_customers_key()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());

        var response = await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/echo/items?page=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        var headers = echo.GetProperty("headers");
        Assert.Equal("/echo/items?page=2", echo.GetProperty("pathAndQuery").GetString());
        Assert.False(headers.TryGetProperty("X-Api-Key", out _));
        Assert.False(headers.TryGetProperty("Authorization", out _));
        Assert.Equal(arranged.SubscriptionId.ToString(), headers.GetProperty(UpstreamSignature.SubscriptionHeader).GetString());
        // Verified with the documented recipe, as an upstream would.
        var expected = UpstreamSignature.Compute(
            arranged.SigningSecret,
            long.Parse(headers.GetProperty(UpstreamSignature.TimestampHeader).GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            "GET",
            "/echo/items?page=2",
            headers.GetProperty(UpstreamSignature.RequestIdHeader).GetString()!);
        Assert.Equal(expected, headers.GetProperty(UpstreamSignature.SignatureHeader).GetString());
    }

    [Fact]
    public async Task TrustVault_headers_a_customer_sends_never_reach_the_upstream_beside_the_gateways_own()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());
        var client = Client(arranged.Key);
        string[] names = [UpstreamSignature.SubscriptionHeader, UpstreamSignature.RequestIdHeader, UpstreamSignature.TimestampHeader, UpstreamSignature.SignatureHeader];
        foreach (var name in names)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, "forged");
        }

        var response = await client.GetAsync($"/gw/{arranged.Slug}/echo");

        var headers = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("headers");
        Assert.All(names, name => Assert.DoesNotContain("forged", headers.GetProperty(name).GetString(), StringComparison.Ordinal));
        Assert.Equal(arranged.SubscriptionId.ToString(), headers.GetProperty(UpstreamSignature.SubscriptionHeader).GetString());
        Assert.Equal(response.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single(), headers.GetProperty(UpstreamSignature.RequestIdHeader).GetString());
    }

    [Fact]
    public async Task The_gateways_own_answer_headers_are_never_mixed_with_an_upstreams()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());

        var response = await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/impostor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(LocalUpstream.ImpostorHeaders, name =>
            Assert.DoesNotContain("impostor", response.Headers.TryGetValues(name, out var values) ? values : [], StringComparer.Ordinal));
        Assert.Single(response.Headers.GetValues(UpstreamSignature.RequestIdHeader));
        Assert.Single(response.Headers.GetValues("RateLimit-Remaining"));
        Assert.Single(response.Headers.GetValues("X-Quota-Remaining"));
    }

    [Fact]
    public async Task An_upstreams_cookies_and_server_software_never_reach_the_customer()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());

        var response = await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/cookie");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task A_forwarded_call_carries_the_customers_trace_context_and_never_the_gateways_own()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());
        const string customerTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        async Task<JsonElement> ForwardedHeadersAsync(string? traceparent)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/gw/{arranged.Slug}/echo/traced");
            if (traceparent is not null)
            {
                request.Headers.Add("traceparent", traceparent);
            }

            var response = await Client(arranged.Key).SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("headers");
        }

        Assert.False((await ForwardedHeadersAsync(null)).TryGetProperty("traceparent", out _));
        Assert.Equal(customerTrace, (await ForwardedHeadersAsync(customerTrace)).GetProperty("traceparent").GetString());
    }

    [Fact]
    public async Task A_suspended_api_tells_its_subscribers_so_rather_than_that_nothing_is_listed()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            (await db.Listings.SingleAsync(l => l.Slug == arranged.Slug)).Status = ListingStatus.Suspended;
            await db.SaveChangesAsync();
        }

        var refused = await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/echo");

        var problem = await ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("API suspended", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client(arranged.Key).GetAsync("/gw/no-such-api/echo")).StatusCode);
    }

    [Fact]
    public async Task Past_the_per_second_limit_the_call_gets_429_with_retry_after_and_rate_limit_headers()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan(perSecond: 2));
        var client = Client(arranged.Key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/gw/{arranged.Slug}/echo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/gw/{arranged.Slug}/echo")).StatusCode);
        var refused = await client.GetAsync($"/gw/{arranged.Slug}/echo");

        var problem = await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("https://trustvault.dev/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("2", refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/gw/{arranged.Slug}/echo")).StatusCode);
    }

    [Fact]
    public async Task A_hard_capped_plan_refuses_calls_past_its_quota_until_the_period_ends()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan(included: 3));
        var client = Client(arranged.Key);
        for (var left = 2; left >= 0; left--)
        {
            var served = await client.GetAsync($"/gw/{arranged.Slug}/echo");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal($"{left}", served.Headers.GetValues("X-Quota-Remaining").Single());
        }

        var refused = await client.GetAsync($"/gw/{arranged.Slug}/echo");

        Assert.Equal("0", refused.Headers.GetValues("X-Quota-Remaining").Single());
        var problem = await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("quota", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("https://trustvault.dev/problems/quota-exhausted", problem.GetProperty("type").GetString());
        var untilPeriodEnd = BillingPeriod.MonthOf(factory.Clock.GetUtcNow()).End - factory.Clock.GetUtcNow();
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, untilPeriodEnd - TimeSpan.FromMinutes(1), untilPeriodEnd + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_hard_cap_holds_exactly_under_parallel_calls()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan(included: 50, perSecond: 1000));
        var client = Client(arranged.Key);
        var responses = new ConcurrentBag<HttpResponseMessage>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 100 }, async (_, ct) =>
            responses.Add(await client.GetAsync($"/gw/{arranged.Slug}/echo", ct)));

        // Each answered call says what was left after it, so together they count down from 49 to 0.
        Assert.Equal(Enumerable.Range(0, 50), responses.Where(r => r.StatusCode == HttpStatusCode.OK)
            .Select(r => int.Parse(r.Headers.GetValues("X-Quota-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture)).Order());
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(350, refused.Count);
        foreach (var response in refused)
        {
            var problem = await ProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.Equal("Monthly quota used up", problem.GetProperty("title").GetString());
        }

        await factory.UsageImportedAsync(responses.Where(r => r.StatusCode == HttpStatusCode.OK));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(50, await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().UsageEvents
            .Where(e => e.SubscriptionId == arranged.SubscriptionId).Where(UsageEvent.Billable).CountAsync());
    }

    [Theory]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(413)]
    [InlineData(429)]
    public async Task An_upstreams_own_refusal_is_its_answer_billed_and_counted_while_the_gateways_own_are_not(int status)
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan(included: 2, perSecond: 3));
        var client = Client(arranged.Key);

        var answered = new[] { await client.GetAsync($"/gw/{arranged.Slug}/status/{status}"), await client.GetAsync($"/gw/{arranged.Slug}/status/{status}") };
        var overQuota = await client.GetAsync($"/gw/{arranged.Slug}/status/{status}");
        var rateLimited = await client.GetAsync($"/gw/{arranged.Slug}/status/{status}");
        var unsubscribed = await client.GetAsync("/gw/stockpulse-market-data/quotes/ACME");

        Assert.All(answered, r => Assert.Equal(status, (int)r.StatusCode));
        Assert.Equal(["1", "0"], answered.Select(r => r.Headers.GetValues("X-Quota-Remaining").Single()));
        foreach (var response in answered)
        {
            var stored = await StoredEventAsync(response);
            Assert.Equal((status, false, true), (stored.Status, stored.IsGatewayRefusal, stored.IsBillable));
        }

        // The hard cap holds: the upstream's answers used the quota up.
        Assert.Equal("https://trustvault.dev/problems/quota-exhausted", (await ProblemAsync(overQuota, HttpStatusCode.TooManyRequests)).GetProperty("type").GetString());
        Assert.Equal("https://trustvault.dev/problems/rate-limited", (await ProblemAsync(rateLimited, HttpStatusCode.TooManyRequests)).GetProperty("type").GetString());
        await ProblemAsync(unsubscribed, HttpStatusCode.Forbidden);
        foreach (var response in new[] { overQuota, rateLimited, unsubscribed })
        {
            var stored = await StoredEventAsync(response);
            Assert.Equal((true, false), (stored.IsGatewayRefusal, stored.IsBillable));
        }

        Assert.Equal(2, upstream.Served($"/status/{status}"));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().UsageEvents
            .Where(e => e.SubscriptionId == arranged.SubscriptionId).Where(UsageEvent.Billable).CountAsync());
    }

    [Fact]
    public async Task A_request_id_the_customer_repeats_never_makes_calls_free()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan(included: 2));
        var client = Client(arranged.Key);
        client.DefaultRequestHeaders.Add("X-Request-Id", "same-every-time");
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            var response = await client.GetAsync($"/gw/{arranged.Slug}/echo");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            responses.Add(response);
        }

        var refused = await client.GetAsync($"/gw/{arranged.Slug}/echo");
        await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(2, responses.Select(r => r.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single()).Distinct().Count());
        await factory.UsageImportedAsync([.. responses, refused]);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().UsageEvents
            .CountAsync(e => e.SubscriptionId == arranged.SubscriptionId));
    }

    [Fact]
    public async Task Reaching_85_and_100_percent_of_the_quota_queues_one_alert_each()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan(included: 4, hardCap: false));
        var client = Client(arranged.Key);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/gw/{arranged.Slug}/echo")).StatusCode);
        }

        var queued = factory.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 100)
            .Select(j => j.Value.Job)
            .Where(job => job.Type == typeof(TrustVault.Web.Jobs.QuotaAlertJob) && (Guid)job.Args[0] == arranged.SubscriptionId)
            .Select(job => (int)job.Args[3])
            .Order();
        Assert.Equal([85, 100], queued);
    }

    [Fact]
    public async Task An_overage_plan_keeps_serving_past_its_quota_and_bills_the_calls_over_it()
    {
        // 1 call included, then 1.00 per started 1,000 calls.
        var arranged = await ArrangeAsync(GatewayArrange.Plan(included: 1, hardCap: false));
        var client = Client(arranged.Key);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync($"/gw/{arranged.Slug}/echo");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("0", response.Headers.GetValues("X-Quota-Remaining").Single());
            responses.Add(response);
        }

        await factory.UsageImportedAsync(responses);
        var period = BillingPeriod.MonthOf(factory.Clock.GetUtcNow());
        var used = await factory.Services.GetRequiredService<IQuotaReservations>().GetUsedAsync(arranged.SubscriptionId, period, CancellationToken.None);
        Assert.Equal(3, used);
        await using var scope = factory.Services.CreateAsyncScope();
        var lines = (await scope.ServiceProvider.GetRequiredService<InvoicingService>().EstimateAsync(arranged.CustomerOrganization, period, CancellationToken.None)).SelectMany(e => e.Lines);
        var overage = Assert.Single(lines, l => l.SubscriptionId == arranged.SubscriptionId && l.Kind == InvoiceLineKind.Overage);
        Assert.Equal((1m, 1m, 1m), (overage.Quantity, overage.UnitAmount, overage.Amount));
        Assert.Contains("2 calls over the 1 included (1 × 1,000)", overage.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_key_calls_are_metered_but_never_count_against_the_quota()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan(included: 1), testKey: true);
        var client = Client(arranged.Key);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            responses.Add(await client.GetAsync($"/gw/{arranged.Slug}/echo"));
            Assert.Equal(HttpStatusCode.OK, responses[^1].StatusCode);
        }

        await factory.UsageImportedAsync(responses);
        await using var scope = factory.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().UsageEvents
            .Where(e => e.SubscriptionId == arranged.SubscriptionId).ToListAsync();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.True(e.IsTest && !e.IsBillable));
    }

    [Fact]
    public async Task Every_answered_call_has_its_usage_event_stored_by_request_id()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());
        var client = Client(arranged.Key);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync($"/gw/{arranged.Slug}/echo");
            ids.Add(response.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single());
        }

        await UsageStore.WaitForEventsAsync(factory.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>(), ids);
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().UsageEvents
            .Where(e => ids.Contains(e.RequestId)).Select(e => new { e.Status, e.SubscriptionId, e.Route }).ToListAsync();
        Assert.Equal(5, stored.Count);
        Assert.All(stored, e => Assert.Equal((200, arranged.SubscriptionId), (e.Status, e.SubscriptionId!.Value)));
    }

    [Theory]
    [InlineData("ai-analytics", "v1/ping")]
    [InlineData("ai-analytics", "v1/no-such-endpoint")]
    [InlineData(null, "chunked")]
    [InlineData(null, "sized")]
    public async Task A_usage_event_records_the_body_bytes_the_client_received(string? slug, string path)
    {
        // First-party answers and problems are written by the gateway itself, without a Content-Length.
        var (key, calledSlug) = slug is null ? await ArrangedAsync() : (await FirstPartyKeyAsync(), slug);
        var response = await Client(key).GetAsync($"/gw/{calledSlug}/{path}");

        var received = (await response.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(received > 0);
        Assert.Equal(received, (await StoredEventAsync(response)).Bytes);

        async Task<(string Key, string Slug)> ArrangedAsync()
        {
            var arranged = await ArrangeAsync(GatewayArrange.Plan());
            return (arranged.Key, arranged.Slug);
        }
    }

    [Fact]
    public async Task A_call_with_a_long_method_and_path_is_stored_within_the_usage_columns()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());

        var response = await Client(arranged.Key).SendAsync(
            new HttpRequestMessage(new HttpMethod("VERSION-CONTROL"), $"/gw/{arranged.Slug}/{new string('a', 600)}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredEventAsync(response);
        // SQLite keeps longer text; SQL Server refuses it, which would fail the batch of every caller.
        await using var scope = factory.Services.CreateAsyncScope();
        var limited = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().Model.FindEntityType(typeof(UsageEvent))!.GetProperties().Where(p => p.GetMaxLength() is not null).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, p => Assert.True(((string)p.PropertyInfo!.GetValue(stored)!).Length <= p.GetMaxLength(), p.Name));
        Assert.Equal("VERSION-CO", stored.Method);
    }

    [Fact]
    public async Task Access_in_steady_use_is_read_again_in_the_background_for_every_listing_at_once()
    {
        var ended = await ArrangeAsync(GatewayArrange.Plan());
        var kept = await ArrangeAsync(GatewayArrange.Plan());
        async Task<HttpStatusCode> CallAsync(GatewayArrange.Arranged arranged) => (await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/echo")).StatusCode;
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await CallAsync(ended), await CallAsync(kept)));

        // Ended behind the services' back, as another app instance would: only a read of the store can notice.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().Subscriptions
                .Where(s => s.Id == ended.SubscriptionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, factory.Clock.GetUtcNow()));
        }

        factory.Clock.Advance(ApiKeyCache.Lifetime * 0.6);
        var refused = HttpStatusCode.OK;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (refused == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
            refused = await CallAsync(ended);
            Assert.Equal(HttpStatusCode.OK, await CallAsync(kept));
        }

        Assert.Equal(HttpStatusCode.Forbidden, refused);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_next_call()
    {
        var arranged = await ArrangeAsync(GatewayArrange.Plan());
        var client = Client(arranged.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/gw/{arranged.Slug}/echo")).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            var key = (await keys.ListAsync(arranged.CustomerId, arranged.CustomerOrganization, CancellationToken.None)).First(k => arranged.Key.StartsWith(k.Prefix, StringComparison.Ordinal));
            await keys.RevokeAsync(arranged.CustomerId, arranged.CustomerOrganization, key.Id, CancellationToken.None);
        }

        await ProblemAsync(await client.GetAsync($"/gw/{arranged.Slug}/echo"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_slow_upstream_gets_504_and_an_unreachable_one_502()
    {
        var slow = await ArrangeAsync(GatewayArrange.Plan());
        await ProblemAsync(await Client(slow.Key).GetAsync($"/gw/{slow.Slug}/slow"), HttpStatusCode.GatewayTimeout);

        var down = await ArrangeAsync(GatewayArrange.Plan(), upstreamBase: "http://127.0.0.1:9/");
        var failed = await ProblemAsync(await Client(down.Key).GetAsync($"/gw/{down.Slug}/echo"), HttpStatusCode.BadGateway);

        // The request's W3C trace id, as every other problem carries, not the connection's id.
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", failed.GetProperty("traceId").GetString());
    }
}
