using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Anomalies;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;
using TrustVault.Core.Metering;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog.Anomalies;

/// <summary>The monitor on a real database with a fake clock: what it stores, whom it tells, and that it tells once.</summary>
public abstract class ListingAnomalyMonitorTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int CallsPerInterval = 25;

    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private ListingAnomalyMonitor monitor = null!;
    private PublishedListing tides = null!;
    private Guid subscriptionId;
    private Guid customerId;

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        monitor = host.Get<ListingAnomalyMonitor>();
        tides = await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 1_000_000 });
        (_, customerId) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
        subscriptionId = await host.SubscribeAsync(customerId, tides.ListingId, tides.PlanIds[0]);
        await using var db = await Db();
        db.WebhookEndpoints.Add(new WebhookEndpoint
        {
            OrganizationId = tides.ProviderOrganizationId,
            Url = "https://hooks.example.com/tv",
            Events = WebhookEventTypes.ListingAnomaly,
            ProtectedSecret = "not used: nothing is delivered here",
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Of_two_nodes_judging_the_same_intervals_at_once_one_alerts_and_the_other_finds_them_judged_without_logging_an_error()
    {
        await SeedDayWithSpikeInLastIntervalAsync();
        var logs = new CapturingLoggerProvider();
        host.Get<ILoggerFactory>().AddProvider(logs);
        var runs = new IReadOnlyList<ListingAlert>[2];

        await AllAtOnce.RefusalsAsync([
            async () => runs[0] = await monitor.RunAsync(CancellationToken.None),
            async () => runs[1] = await monitor.RunAsync(CancellationToken.None),
        ]);

        var alerts = Assert.Single(runs, r => r.Count > 0);
        Assert.Single(runs, r => r.Count == 0);
        await using var db = await Db();
        Assert.Equal(alerts.Select(a => a.Id).Order(), (await db.ListingAlerts.AsNoTracking().Select(a => a.Id).ToListAsync()).Order());
        Assert.Empty(logs.ErrorsAfter(0));
    }

    [Fact]
    public async Task A_spike_after_a_steady_day_is_alerted_once_by_webhook_and_mail_however_often_the_job_runs()
    {
        var spike = await SeedDayWithSpikeInLastIntervalAsync();

        var alerts = await monitor.RunAsync(CancellationToken.None);
        var again = await monitor.RunAsync(CancellationToken.None);

        Assert.Empty(again);
        Assert.Contains(alerts, a => a.Metric == ListingMetric.ServerErrorRate);
        Assert.All(alerts, a => Assert.Equal((spike, tides.ProviderOrganizationId, tides.ListingId), (a.IntervalStart, a.OrganizationId, a.ListingId)));
        await using var db = await Db();
        var stored = await db.ListingAlerts.AsNoTracking().ToListAsync();
        Assert.Equal(alerts.Select(a => a.Id).Order(), stored.Select(a => a.Id).Order());
        var errors = stored.Single(a => a.Metric == ListingMetric.ServerErrorRate);
        Assert.Equal(0.8, errors.Value, 10);
        Assert.Equal(ListingAnomalyDetector.Threshold, errors.Threshold);
        Assert.True(errors.Score >= errors.Threshold);
        Assert.Equal(host.Clock.GetUtcNow(), errors.CreatedAt);
        Assert.Null(errors.AcknowledgedAt);

        var events = await db.WebhookEvents.AsNoTracking().Where(e => e.Type == WebhookEventTypes.ListingAnomaly).ToListAsync();
        Assert.Equal(stored.Count, events.Count);
        Assert.All(events, e => Assert.Equal(tides.ProviderOrganizationId, e.OrganizationId));
        Assert.Equal(stored.Count, await db.WebhookDeliveries.CountAsync());
        var payloads = events.Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("data")).ToList();
        Assert.Contains(payloads, p => p.GetProperty("metric").GetString() == "server_error_rate" && p.GetProperty("listing_slug").GetString() == "tides");

        var mail = await db.OutboxEmails.AsNoTracking().Where(m => m.Subject.StartsWith("[provider@example.com's organization] Tides: ")).ToListAsync();
        Assert.Equal(stored.Count, mail.Count);
        Assert.All(mail, m => Assert.Equal("provider@example.com", m.To));
        Assert.Contains(mail, m => m.Subject == "[provider@example.com's organization] Tides: 5xx error rate spiked" && m.TextBody.Contains("80%", StringComparison.Ordinal));
        Assert.Equal(288, await db.ListingTrafficPoints.CountAsync());
    }

    [Fact]
    public async Task Each_run_judges_only_the_intervals_closed_since_the_last_and_steady_ones_are_not_alerted()
    {
        await SeedDayWithSpikeInLastIntervalAsync();
        var first = await monitor.RunAsync(CancellationToken.None);
        var now = host.Clock.GetUtcNow();
        await AddAsync(Calls(TrafficSeries.Floor(now) - TrafficSeries.Interval, CallsPerInterval, status: _ => 200, latency: i => 100 + i));

        host.Clock.Advance(TrafficSeries.Interval);
        var second = await monitor.RunAsync(CancellationToken.None);

        Assert.NotEmpty(first);
        Assert.Empty(second);
        await using var db = await Db();
        Assert.Equal(289, await db.ListingTrafficPoints.CountAsync());
        Assert.Equal(first.Count, await db.ListingAlerts.CountAsync());
    }

    [Fact]
    public async Task Two_nodes_running_at_once_alert_once()
    {
        await SeedDayWithSpikeInLastIntervalAsync();
        var other = new ListingAnomalyMonitor(host.Get<IDbContextFactory<TrustVaultDbContext>>(), host.Get<NotificationLinks>(), host.Clock);

        var runs = await Task.WhenAll(monitor.RunAsync(CancellationToken.None), other.RunAsync(CancellationToken.None));

        await using var db = await Db();
        var stored = await db.ListingAlerts.CountAsync();
        Assert.NotEqual(0, stored);
        Assert.Equal(stored, runs.Sum(r => r.Count));
        Assert.Equal(stored, await db.WebhookEvents.CountAsync(e => e.Type == WebhookEventTypes.ListingAnomaly));
        Assert.Equal(stored, await db.OutboxEmails.CountAsync(m => m.Subject.StartsWith("[provider@example.com's organization] Tides: ")));
    }

    [Fact]
    public async Task A_provider_sees_and_acknowledges_only_its_own_listings_alerts()
    {
        var spike = await SeedDayWithSpikeInLastIntervalAsync();
        var alerts = await monitor.RunAsync(CancellationToken.None);
        var (otherProvider, otherOrganization) = await host.AddProviderAsync("other@example.com");
        var service = host.Get<ListingAlertService>();

        var page = await service.ListAsync(tides.ProviderId, tides.ProviderOrganizationId, 0, 10, CancellationToken.None);
        var traffic = await service.TrafficAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, CancellationToken.None);
        var othersPage = await service.ListAsync(otherProvider, otherOrganization, 0, 10, CancellationToken.None);

        Assert.Equal(alerts.Count, page.Total);
        Assert.All(page.Items, a => Assert.Equal("Tides", a.ListingName));
        Assert.Equal(alerts.Count, traffic.Alerts.Count);
        Assert.Equal(spike, traffic.Points[^1].Start);
        Assert.All(traffic.Points, p => Assert.True(p.Start >= host.Clock.GetUtcNow() - ListingAlertService.Charted));
        Assert.Equal((0, 0), (othersPage.Total, othersPage.Items.Count));
        await Assert.ThrowsAsync<NotFoundException>(() => service.TrafficAsync(otherProvider, otherOrganization, tides.ListingId, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => service.AcknowledgeAsync(otherProvider, otherOrganization, alerts[0].Id, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => service.ListAsync(otherProvider, tides.ProviderOrganizationId, 0, 10, CancellationToken.None));

        await service.AcknowledgeAsync(tides.ProviderId, tides.ProviderOrganizationId, alerts[0].Id, CancellationToken.None);

        var after = await service.ListAsync(tides.ProviderId, tides.ProviderOrganizationId, 0, 10, CancellationToken.None);
        Assert.Equal(host.Clock.GetUtcNow(), after.Items.Single(a => a.Id == alerts[0].Id).AcknowledgedAt);
        Assert.Equal(alerts[0].Id, after.Items[^1].Id);
    }

    [Fact]
    public async Task A_listing_without_enough_calls_is_never_alerted()
    {
        var until = TrafficSeries.Floor(host.Clock.GetUtcNow() - ListingAnomalyMonitor.Settle);
        var calls = new List<UsageEvent>();
        for (var start = until - ListingAnomalyMonitor.Backfill; start < until; start += TrafficSeries.Interval)
        {
            var last = start + TrafficSeries.Interval == until;
            calls.AddRange(Calls(start, TrafficSeries.MinimumCalls - 1, status: _ => last ? 503 : 200, latency: _ => last ? 5_000 : 100));
        }

        await AddAsync(calls);

        Assert.Empty(await monitor.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_point_counts_every_call_of_its_interval_but_the_gateways_refusals_and_takes_their_p95()
    {
        var until = TrafficSeries.Floor(host.Clock.GetUtcNow() - ListingAnomalyMonitor.Settle);
        var last = until - TrafficSeries.Interval;
        var random = new Random(11);
        int[] statuses = [200, 200, 200, 201, 404, 400, 500, 503, 402, 403, 429];
        var answered = Enumerable.Range(0, 500).Select(_ => statuses[random.Next(statuses.Length)]).ToArray();
        // Half of the 402s, 403s and 429s are the gateway's own refusals, the others the upstream's answers.
        var judged = Calls(last, 500, status: i => answered[i], latency: _ => random.Next(2_000), gatewayRefusal: i => answered[i] is 402 or 403 or 429 && i % 2 == 0);
        // The first call is at the interval's first tick; the next interval's first tick belongs to the next point.
        var outside = Calls(until, 3, status: _ => 500, latency: _ => 9_000).Concat(Calls(last - TrafficSeries.Interval, 3, status: _ => 500, latency: _ => 9_000));
        var unknownEndpoint = Calls(last, 3, status: _ => 404, latency: _ => 9_000, unknownEndpoint: true);
        await AddAsync([.. judged, .. outside, .. unknownEndpoint]);

        await monitor.RunAsync(CancellationToken.None);

        var counted = judged.Where(e => !e.IsGatewayRefusal).ToList();
        await using var db = await Db();
        var point = await db.ListingTrafficPoints.AsNoTracking().SingleAsync(p => p.ListingId == tides.ListingId && p.Start == last);
        Assert.Equal(
            (counted.Count, counted.Count(e => e.Status >= 500), counted.Count(e => e.Status is >= 400 and < 500), UsageService.Percentile([.. counted.Select(e => e.LatencyMs).Order()], 95)),
            (point.Calls, point.ServerErrors, point.ClientErrors, point.P95LatencyMs));
    }

    /// <summary>A day of calls to Tides, ~4% failing at ~100–200 ms, then one interval where 80% fail slowly; returns that interval.</summary>
    private async Task<DateTimeOffset> SeedDayWithSpikeInLastIntervalAsync()
    {
        var until = TrafficSeries.Floor(host.Clock.GetUtcNow() - ListingAnomalyMonitor.Settle);
        var spike = until - TrafficSeries.Interval;
        var random = new Random(7);
        var calls = new List<UsageEvent>();
        for (var start = until - ListingAnomalyMonitor.Backfill; start < spike; start += TrafficSeries.Interval)
        {
            calls.AddRange(Calls(start, CallsPerInterval, status: _ => random.Next(100) < 4 ? 500 : 200, latency: _ => 100 + random.Next(100)));
        }

        calls.AddRange(Calls(spike, CallsPerInterval, status: i => i < 20 ? 503 : 200, latency: _ => 3_000));
        await AddAsync(calls);
        return spike;
    }

    private async Task AddAsync(IEnumerable<UsageEvent> calls)
    {
        await using var db = await Db();
        db.UsageEvents.AddRange(calls);
        await db.SaveChangesAsync();
    }

    private List<UsageEvent> Calls(DateTimeOffset intervalStart, int count, Func<int, int> status, Func<int, int> latency, bool unknownEndpoint = false, Func<int, bool>? gatewayRefusal = null) =>
        [.. Enumerable.Range(0, count).Select(i => new UsageEvent
        {
            RequestId = Guid.NewGuid().ToString("N"),
            At = intervalStart + (TrafficSeries.Interval * i / count),
            OrganizationId = customerId,
            SubscriptionId = subscriptionId,
            ListingId = tides.ListingId,
            Method = "GET",
            Route = "/tides",
            Status = status(i),
            LatencyMs = latency(i),
            IsUnknownEndpoint = unknownEndpoint,
            IsGatewayRefusal = gatewayRefusal?.Invoke(i) ?? false,
        })];

    private Task<TrustVaultDbContext> Db() => host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    public sealed class OnSqlite() : ListingAnomalyMonitorTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : ListingAnomalyMonitorTests(DatabaseProvider.PostgreSql);
}
