using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog.Health;

public sealed class ListingHealthTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private readonly FakeProber prober = new();
    private ListingHealthMonitor monitor = null!;
    private PublishedListing tides = null!;

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        monitor = ActivatorUtilities.CreateInstance<ListingHealthMonitor>(host.Services, prober);
        tides = await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 });
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Only_published_third_party_listings_with_resolvable_names_are_probed_at_their_upstream_base()
    {
        await using (var db = await Db())
        {
            db.Listings.Add(new Listing { OrganizationId = tides.ProviderOrganizationId, Name = "Draft", Slug = "draft", UpstreamBaseUrl = "https://draft.example" });
            db.Listings.Add(new Listing { OrganizationId = tides.ProviderOrganizationId, Name = "Own", Slug = "own", IsFirstParty = true, Status = ListingStatus.Published });
            db.Listings.Add(new Listing { OrganizationId = tides.ProviderOrganizationId, Name = "Docs", Slug = "docs", Status = ListingStatus.Published, UpstreamBaseUrl = "https://api.docs.example/v1" });
            await db.SaveChangesAsync();
        }

        var probes = await monitor.ProbeAllAsync(CancellationToken.None);

        Assert.Equal([new Uri("https://tides.example.com")], prober.Calls);
        Assert.Equal(tides.ListingId, Assert.Single(probes).ListingId);
    }

    [Fact]
    public async Task A_listings_health_path_is_probed_under_its_upstream_base()
    {
        await using (var db = await Db())
        {
            (await db.Listings.SingleAsync(l => l.Id == tides.ListingId)).HealthPath = "/health";
            await db.SaveChangesAsync();
        }

        await monitor.ProbeAllAsync(CancellationToken.None);

        Assert.Equal([new Uri("https://tides.example.com/health")], prober.Calls);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(404, true)]
    [InlineData(503, false)]
    public async Task Any_answer_below_500_counts_as_up(int status, bool ok)
    {
        prober.Respond = _ => status;

        var probe = Assert.Single(await monitor.ProbeAllAsync(CancellationToken.None));

        Assert.Equal(ok, probe.Ok);
        Assert.Equal(status, probe.StatusCode);
    }

    [Fact]
    public async Task A_probe_without_an_answer_in_10_seconds_is_a_failure()
    {
        prober.Respond = _ => throw new InvalidOperationException("not used");
        prober.Hang = true;

        var run = monitor.ProbeAllAsync(CancellationToken.None);
        while (!run.IsCompleted)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(11));
            await Task.Delay(20);
        }

        var probe = Assert.Single(await run);
        Assert.False(probe.Ok);
        Assert.Null(probe.StatusCode);
        Assert.Equal("No answer within 10 s.", probe.Error);
    }

    [Fact]
    public async Task Uptime_is_the_share_of_good_probes_over_the_last_30_days()
    {
        await using (var db = await Db())
        {
            // Outside the window: not counted.
            db.ListingHealthProbes.Add(new ListingHealthProbe { ListingId = tides.ListingId, At = host.Clock.GetUtcNow().AddDays(-30.5), Ok = false });
            await db.SaveChangesAsync();
        }

        foreach (var status in new[] { 200, 200, 500, 200 })
        {
            await Probe(status);
        }

        var summary = await host.Get<ListingHealthService>().SummaryAsync(tides.ListingId, CancellationToken.None);

        Assert.Equal((4, 3, 75.0), (summary.Probes, summary.OkProbes, summary.UptimePercent));
    }

    [Fact]
    public async Task A_listing_never_probed_has_no_uptime()
    {
        var summary = await host.Get<ListingHealthService>().SummaryAsync(tides.ListingId, CancellationToken.None);

        Assert.Null(summary.UptimePercent);
        Assert.Null(summary.P50LatencyMs);
    }

    [Fact]
    public async Task P50_latency_is_the_nearest_rank_median_of_the_listings_gateway_calls_over_30_days()
    {
        var subscription = await SubscribeToTidesAsync();
        var now = host.Clock.GetUtcNow();
        await using (var db = await Db())
        {
            foreach (var latency in new[] { 50, 10, 40, 20, 30 })
            {
                db.UsageEvents.Add(Call(subscription, now.AddHours(-1), 200, latency));
            }

            db.UsageEvents.Add(Call(subscription, now.AddHours(-1), 429, 1, gatewayRefusal: true));
            db.UsageEvents.Add(Call(subscription, now.AddHours(-1), 403, 1, gatewayRefusal: true));
            db.UsageEvents.Add(Call(subscription, now.AddDays(-31), 200, 1));
            db.UsageEvents.Add(Call(Guid.NewGuid(), now.AddHours(-1), 200, 1));
            await db.SaveChangesAsync();
        }

        var summary = await host.Get<ListingHealthService>().SummaryAsync(tides.ListingId, CancellationToken.None);

        Assert.Equal(30, summary.P50LatencyMs);
    }

    [Fact]
    public async Task Summaries_of_several_listings_come_in_one_call_and_are_kept_for_the_probe_interval()
    {
        var health = host.Get<ListingHealthService>();
        var unprobed = Guid.NewGuid();
        await monitor.ProbeAllAsync(CancellationToken.None);

        var first = await health.SummariesAsync([tides.ListingId, unprobed], CancellationToken.None);
        prober.Respond = _ => 503;
        await monitor.ProbeAllAsync(CancellationToken.None);
        var kept = await health.SummaryAsync(tides.ListingId, CancellationToken.None);
        host.Clock.Advance(ListingHealthService.Freshness);
        var refreshed = await health.SummaryAsync(tides.ListingId, CancellationToken.None);

        Assert.Equal((1, 1), (first[tides.ListingId].Probes, first[tides.ListingId].OkProbes));
        Assert.Null(first[unprobed].UptimePercent);
        Assert.Equal(first[tides.ListingId], kept);
        Assert.Equal((2, 1), (refreshed.Probes, refreshed.OkProbes));
    }

    [Fact]
    public async Task Owners_get_one_down_alert_per_outage()
    {
        int Alerts() => host.Emails.Sent.Count(m => m.Subject == "[provider@example.com's organization] Tides: upstream is down");

        await Probe(200);
        await Probe(502);
        Assert.Equal(0, Alerts());

        await Probe(502);
        await Probe(502);
        Assert.Equal(1, Alerts());
        Assert.Equal("provider@example.com", host.Emails.Sent.Single(m => m.Subject == "[provider@example.com's organization] Tides: upstream is down").To);

        await Probe(200);
        await Probe(502);
        Assert.Equal(1, Alerts());

        await Probe(502);
        Assert.Equal(2, Alerts());
    }

    [Fact]
    public async Task Owners_are_told_once_when_a_down_upstream_recovers()
    {
        int Recoveries() => host.Emails.Sent.Count(m => m.Subject == "[provider@example.com's organization] Tides: upstream is back up");

        await Probe(200);
        await Probe(502);
        await Probe(200);
        Assert.Equal(0, Recoveries());

        await Probe(502);
        await Probe(502);
        await Probe(502);
        await Probe(200);
        await Probe(200);

        var recovered = host.Emails.Sent.Single(m => m.Subject == "[provider@example.com's organization] Tides: upstream is back up");
        Assert.Equal(1, Recoveries());
        Assert.Equal("provider@example.com", recovered.To);
        Assert.Contains("down for 15 minutes", recovered.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_older_than_31_days_are_pruned()
    {
        var now = host.Clock.GetUtcNow();
        await using (var db = await Db())
        {
            db.ListingHealthProbes.Add(new ListingHealthProbe { ListingId = tides.ListingId, At = now.AddDays(-32), Ok = true });
            db.ListingHealthProbes.Add(new ListingHealthProbe { ListingId = tides.ListingId, At = now.AddDays(-30), Ok = true });
            await db.SaveChangesAsync();
        }

        await monitor.ProbeAllAsync(CancellationToken.None);

        await using var check = await Db();
        Assert.Equal([now.AddDays(-30), now], await check.ListingHealthProbes.OrderBy(p => p.Id).Select(p => p.At).ToListAsync());
    }

    /// <summary>One probe round answered with <paramref name="status"/>, then the 5 minutes to the next.</summary>
    private async Task Probe(int status)
    {
        prober.Respond = _ => status;
        await monitor.ProbeAllAsync(CancellationToken.None);
        await host.SendQueuedEmailAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(5));
    }

    private Task<TrustVaultDbContext> Db() => host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    private async Task<Guid> SubscribeToTidesAsync()
    {
        var (_, organizationId) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
        await host.SubscribeAsync(organizationId, tides.ListingId, tides.PlanIds[0]);
        await using var db = await Db();
        return await db.Subscriptions.Where(s => s.OrganizationId == organizationId).Select(s => s.Id).SingleAsync();
    }

    private static UsageEvent Call(Guid subscriptionId, DateTimeOffset at, int status, int latencyMs, bool gatewayRefusal = false) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        At = at,
        SubscriptionId = subscriptionId,
        Method = "GET",
        Route = "/tides",
        Status = status,
        LatencyMs = latencyMs,
        IsGatewayRefusal = gatewayRefusal,
    };

    private sealed class FakeProber : IListingHealthProber
    {
        public ConcurrentQueue<Uri> Calls { get; } = new();

        public Func<Uri, int> Respond { get; set; } = _ => 200;

        public bool Hang { get; set; }

        public async Task<int> GetStatusAsync(Uri target, CancellationToken cancellationToken)
        {
            Calls.Enqueue(target);
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Respond(target);
        }
    }
}
