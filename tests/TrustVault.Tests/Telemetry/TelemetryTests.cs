using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Telemetry;
using TrustVault.Tests.Gateway;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Telemetry;

[Collection(AppCollection.Name)]
public sealed class TelemetryTests(TelemetryFactory factory, LocalUpstream upstream) : IClassFixture<TelemetryFactory>, IClassFixture<LocalUpstream>
{
    private const string Calls = "trustvault_gateway_calls_total";
    private static readonly IPAddress Outsider = IPAddress.Parse("203.0.113.7");

    private Task<MetricsScrape> ScrapeAsync() => MetricsScrape.ReadAsync(factory.Server, IPAddress.Loopback);

    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task<HttpStatusCode> CallAsync(GatewayArrange.Arranged arranged, string path = "echo") =>
        (await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/{path}")).StatusCode;

    [Fact]
    public async Task Gateway_calls_move_the_call_counters_and_latency_histograms_by_exactly_the_calls_made()
    {
        var capped = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan(included: 2));
        var throttled = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan(perSecond: 1));
        var down = await GatewayArrange.ArrangeAsync(factory.Services, "http://127.0.0.1:9/", GatewayArrange.Plan());
        var before = await ScrapeAsync();

        Assert.Equal(HttpStatusCode.OK, await CallAsync(capped));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(capped));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(capped));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(throttled));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(throttled));
        Assert.Equal(HttpStatusCode.BadGateway, await CallAsync(down));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("tv_live_abcdefghijkm_wrongsecret").GetAsync($"/gw/{capped.Slug}/echo")).StatusCode);
        var after = await ScrapeAsync();

        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(2, Moved(Calls, ("listing", capped.Slug), ("status_class", "2xx"), ("outcome", "allowed")));
        Assert.Equal(1, Moved(Calls, ("listing", capped.Slug), ("status_class", "4xx"), ("outcome", "quota_exceeded")));
        Assert.Equal(3, Moved(Calls, ("listing", capped.Slug)));
        Assert.Equal(1, Moved(Calls, ("listing", throttled.Slug), ("status_class", "2xx"), ("outcome", "allowed")));
        Assert.Equal(1, Moved(Calls, ("listing", throttled.Slug), ("status_class", "4xx"), ("outcome", "rate_limited")));
        Assert.Equal(1, Moved(Calls, ("listing", down.Slug), ("status_class", "5xx"), ("outcome", "upstream_error")));
        // A key the gateway does not know names no listing: the slug in the path is the caller's text, not a label.
        Assert.Equal(1, Moved(Calls, ("listing", ""), ("status_class", "4xx"), ("outcome", "refused")));

        Assert.Equal(3, Moved("trustvault_gateway_added_latency_seconds_count", ("outcome", "allowed")));
        Assert.Equal(7, Moved("trustvault_gateway_added_latency_seconds_count"));
        Assert.Equal(2, Moved("trustvault_gateway_upstream_duration_seconds_count", ("listing", capped.Slug), ("status_class", "2xx")));
        Assert.Equal(1, Moved("trustvault_gateway_upstream_duration_seconds_count", ("listing", down.Slug), ("status_class", "5xx")));
        // Every call that passed key resolution waited for its usage event to be committed. (Core test hosts running
        // beside this class write usage events through a meter of the same name, so only the gateway's counts are exact.)
        Assert.True(Moved("trustvault_metering_commit_duration_seconds_count", ("outcome", "committed")) >= 1);
        Assert.True(after.Has("trustvault_metering_queue_depth"));
        Assert.DoesNotContain(capped.Key, after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_frameworks_documented_request_durations_are_exported_and_their_per_request_gauges_are_not()
    {
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan());
        Assert.Equal(HttpStatusCode.OK, await CallAsync(arranged));

        // The server's duration is recorded as the request's pipeline unwinds, which can trail the client's read.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var scrape = await ScrapeAsync();
        while (!scrape.Has("http_server_request_duration_seconds_count"))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            scrape = await ScrapeAsync();
        }

        Assert.True(scrape.Sum("http_client_request_duration_seconds_count", ("server_address", upstream.BaseAddress.Host)) >= 1);
        Assert.False(scrape.Has("http_server_active_requests"));
        Assert.False(scrape.Has("http_client_active_requests"));
        Assert.False(scrape.Has("http_client_open_connections"));
    }

    [Fact]
    public async Task Metrics_answer_loopback_and_the_token_and_refuse_anyone_else()
    {
        Assert.Equal(200, (await MetricsScrape.ReadAsync(factory.Server, IPAddress.Loopback)).Status);
        Assert.Equal(200, (await MetricsScrape.ReadAsync(factory.Server, IPAddress.IPv6Loopback)).Status);
        Assert.Equal(200, (await MetricsScrape.ReadAsync(factory.Server, Outsider, TelemetryFactory.MetricsToken)).Status);

        var anonymous = await MetricsScrape.ReadAsync(factory.Server, Outsider);
        var wrongToken = await MetricsScrape.ReadAsync(factory.Server, Outsider, TelemetryFactory.MetricsToken + "x");

        Assert.Equal((401, "Bearer"), (anonymous.Status, anonymous.WwwAuthenticate));
        Assert.Equal((401, "Bearer error=\"invalid_token\""), (wrongToken.Status, wrongToken.WwwAuthenticate));
        Assert.DoesNotContain("trustvault_", anonymous.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("trustvault_", wrongToken.Text, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", anonymous.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forwarded_calls_trace_holds_the_gateway_span_with_its_request_id_and_the_upstream_and_metering_spans()
    {
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan());
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is TrustVaultActivities.SourceName or "System.Net.Http",
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var response = await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/echo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single();
        var gateway = await WaitForAsync(() => stopped.SingleOrDefault(a => a.OperationName == "gateway" && (a.GetTagItem(TrustVaultActivities.RequestIdTag) as string) == requestId));
        Assert.Equal(arranged.Slug, gateway.GetTagItem(TrustVaultActivities.ListingTag));
        Assert.Equal("allowed", gateway.GetTagItem(TrustVaultActivities.OutcomeTag));
        Assert.Equal(200, gateway.GetTagItem("http.response.status_code"));

        var trace = stopped.Where(a => a.TraceId == gateway.TraceId).ToList();
        var forwarded = Assert.Single(trace, a => a.OperationName == "upstream");
        var metering = Assert.Single(trace, a => a.OperationName == "metering");
        var http = Assert.Single(trace, a => a.Source.Name == "System.Net.Http");
        Assert.Equal(gateway.SpanId, forwarded.ParentSpanId);
        Assert.Equal(gateway.SpanId, metering.ParentSpanId);
        Assert.Equal(forwarded.SpanId, http.ParentSpanId);
        Assert.Equal(ActivityKind.Client, http.Kind);
        Assert.All(trace.SelectMany(a => a.TagObjects), tag => Assert.DoesNotContain(arranged.Key, tag.Value?.ToString() ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_that_throws_is_counted_under_its_class_and_its_span_marked_failed()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TrustVaultActivities.SourceName,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var before = await ScrapeAsync();

        var id = factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => FailingJob.Run());

        var span = await WaitForAsync(() => stopped.SingleOrDefault(a => a.OperationName == "job FailingJob" && (a.GetTagItem("hangfire.job_id") as string) == id));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("FailingJob", span.GetTagItem(TrustVaultActivities.JobTag));
        var after = await ScrapeAsync();
        Assert.Equal(1, after.Sum("trustvault_jobs_failures_total", ("job", "FailingJob")) - before.Sum("trustvault_jobs_failures_total", ("job", "FailingJob")));
    }

    private static async Task<Activity> WaitForAsync(Func<Activity?> find)
    {
        // Spans stop as the call's middleware unwinds, which can trail the client's read of the response.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var found = find();
        while (found is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            found = find();
        }

        return found;
    }
}

/// <summary>A job that always throws, run once (no retries) by the test app's job server.</summary>
public static class FailingJob
{
    [AutomaticRetry(Attempts = 0)]
    public static void Run() => throw new InvalidOperationException("This job fails on purpose.");
}
