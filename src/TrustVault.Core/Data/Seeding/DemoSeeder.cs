using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Anomalies;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Reviews;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Data.Seeding;

/// <summary>
/// Fills an empty database with the demo accounts, their organizations and the demo catalog, after
/// <see cref="PlatformSeeder"/> has added what every database has: the demo administrator joins the platform
/// organization, and the demo customers use its first-party listings.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<TrustVaultDbContext> contexts,
    UserManager<ApplicationUser> users,
    OrganizationService organizations,
    DemoHistory history,
    TimeProvider clock)
{
    /// <returns>True when data was written; false when the database already had users.</returns>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                return false;
            }
        }

        var organizationOf = new Dictionary<DemoAccountKind, (string UserId, Guid OrganizationId)>();
        foreach (var account in DemoSeedOptions.Accounts)
        {
            var user = new ApplicationUser { UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = $"{account.Kind} demo" };
            Check(await users.CreateAsync(user, account.Password));
            // Each demo company is a team organization, which can take members; the personal one stays its user's own.
            await organizations.EnsurePersonalOrganizationAsync(user.Id, cancellationToken);
            var organizationId = account.Kind == DemoAccountKind.Admin
                ? await JoinPlatformAsync(user, cancellationToken)
                : await organizations.CreateAsync(user.Id, account.Organization, cancellationToken);
            await organizations.SwitchAsync(user.Id, organizationId, cancellationToken);
            if (account.Kind == DemoAccountKind.Provider)
            {
                await organizations.AcceptProviderTermsAsync(user.Id, organizationId, cancellationToken);
            }

            organizationOf[account.Kind] = (user.Id, organizationId);
        }

        await SeedCatalogAsync(organizationOf, cancellationToken);
        return true;
    }

    /// <summary>The demo administrator, made one and an owner of the platform organization.</summary>
    private async Task<Guid> JoinPlatformAsync(ApplicationUser admin, CancellationToken cancellationToken)
    {
        Check(await users.AddToRoleAsync(admin, PlatformRoles.Admin));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = PlatformOrganization.Id, UserId = admin.Id, Role = OrganizationRole.Owner });
        await db.SaveChangesAsync(cancellationToken);
        return PlatformOrganization.Id;
    }

    /// <summary>
    /// Publishes the demo catalog (third-party APIs from the provider; the first-party ones are the platform's), and gives the
    /// customer two more organizations, subscriptions and reviews so every page has data: five months of them, with an
    /// upgrade, a downgrade and a cancellation, billed month by month as the invoicing job would have.
    /// </summary>
    private async Task SeedCatalogAsync(Dictionary<DemoAccountKind, (string UserId, Guid OrganizationId)> organizationOf, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (customerId, globex) = organizationOf[DemoAccountKind.Customer];
        var initech = await organizations.CreateAsync(customerId, "Initech", cancellationToken);
        var hooli = await organizations.CreateAsync(customerId, "Hooli", cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = new Dictionary<string, Listing>();
        var age = 0;
        foreach (var api in DemoCatalog.ThirdParty)
        {
            var document = OpenApiDocuments.For(api);
            var import = OpenApiImporter.Import(document);
            if (!import.Succeeded)
            {
                throw new InvalidOperationException($"Demo document of {api.Slug} is invalid: {string.Join("; ", import.Errors)}");
            }

            var listing = SeededListing.Published(api, organizationOf[DemoAccountKind.Provider].OrganizationId, now.AddDays(-HistoryDays - 3 * ++age));
            listing.UpstreamBaseUrl = api.Upstream;
            listing.OpenApiDocument = document;
            listing.Endpoints.AddRange(import.Endpoints);
            db.Listings.Add(listing);
            listings[api.Slug] = listing;
        }

        // Published before the demo's history starts, as its subscriptions are older than this start.
        foreach (var listing in await db.Listings.ForOrganization(PlatformOrganization.Id).Include(l => l.Plans).Where(l => l.IsFirstParty).ToListAsync(cancellationToken))
        {
            listing.PublishedAt = now.AddDays(-HistoryDays - 3 * ++age);
            // The demo's subscriptions name plans by their place in the catalog; the database returns them in any order.
            var order = FirstPartyCatalog.Apis.Single(a => a.Slug == listing.Slug).Plans.Select(p => p.Name).ToList();
            listing.Plans.Sort((a, b) => order.IndexOf(a.Name).CompareTo(order.IndexOf(b.Name)));
            listings[listing.Slug] = listing;
        }

        DemoSubscription[] usage =
        [
            new(globex, "ai-analytics", 0, 150, 5, "Forecasts with intervals out of the box; the narrative endpoint saves our analysts an hour a day."),
            new(globex, "skycast-weather", 1, 110, 4, "Accurate nowcasts. The alerts endpoint could cover more countries."),
            new(globex, "geopoint-geocoding", 0, 90, 5, "Rooftop accuracy for our delivery app, and the free tier is generous."),
            new(initech, "skycast-weather", 1, 150, 5, "Switched from a big-name provider and never looked back.", FirstPlanIndex: 2, ChangedDaysAgo: 70),
            new(initech, "sentimind-nlp", 1, 120, 4, "Good German support; summaries are sometimes a little long."),
            new(hooli, "skycast-weather", 2, 130, 3, "Solid data, but we hit the rate limit at peak hours.", FirstPlanIndex: 1, ChangedDaysAgo: 50),
            new(hooli, "fxrate-exchange", 1, 60, 4, "Reliable rates and sensible pricing."),
        ];
        // Test-mode cards (Stripe's 4242 test number), so the demo's invoices get paid.
        db.BillingAccounts.AddRange(new[] { globex, initech, hooli }.Select(organization => new BillingAccount
        {
            OrganizationId = organization,
            CardBrand = "Visa",
            CardLast4 = "4242",
            CardExpiryMonth = 12,
            CardExpiryYear = now.Year + 3,
        }));
        foreach (var demo in usage)
        {
            var listing = listings[demo.Slug];
            db.Subscriptions.Add(demo.Start(listing.Plans, now));
            db.Reviews.Add(new Review { ListingId = listing.Id, OrganizationId = demo.Organization, AuthorUserId = customerId, Rating = demo.Rating, Text = demo.Text });
        }

        db.Subscriptions.Add(Canceled(hooli, listings["geopoint-geocoding"].Plans[1], now.AddDays(-140), askedAt: now.AddDays(-100)));

        SeedCustomerKeyAndUsage(db, globex, listings, now, usage.Where(d => d.Organization == globex).ToDictionary(d => listings[d.Slug].Id, d => d.StartedDaysAgo));
        SeedTrafficWithSpike(db, initech, listings["skycast-weather"], now);
        SeedCustomerPrivacyDataset(db, globex, listings["privacy-analytics"], now);
        SeedHealthHistory(db, listings.Values, now);
        SeedCustomerToken(db, customerId, now);
        await db.SaveChangesAsync(cancellationToken);
        var skycastReview = await db.Reviews.FirstAsync(r => r.ListingId == listings["skycast-weather"].Id && r.Rating == 3, cancellationToken);
        skycastReview.ProviderReply = "Thanks for the feedback: the Business plan now allows bursts of 100 requests per second.";
        skycastReview.RepliedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await history.RunMonthlyJobsAsync(now.AddDays(-HistoryDays), now, cancellationToken);
    }

    /// <summary>How far back the demo's subscriptions go.</summary>
    private const int HistoryDays = 150;

    /// <summary>
    /// A demo subscription started <see cref="StartedDaysAgo"/> days ago on its plan, or on <see cref="FirstPlanIndex"/>
    /// and switched to its plan <see cref="ChangedDaysAgo"/> days ago, by the rule a switch follows (a downgrade at the end
    /// of the month it was asked in).
    /// </summary>
    private sealed record DemoSubscription(
        Guid Organization, string Slug, int PlanIndex, int StartedDaysAgo, int Rating, string Text, int? FirstPlanIndex = null, int ChangedDaysAgo = 0)
    {
        public Subscription Start(IReadOnlyList<Plan> plans, DateTimeOffset now)
        {
            var plan = plans[PlanIndex];
            var first = plans[FirstPlanIndex ?? PlanIndex];
            var subscription = Subscription.Start(Organization, first, now.AddDays(-StartedDaysAgo), SubscriptionStatus.Active);
            if (first != plan)
            {
                subscription.ScheduleTerm(plan.Id, subscription.PlanChangeAppliesAt(first, plan, now.AddDays(-ChangedDaysAgo)));
                subscription.PlanId = plan.Id;
            }

            return subscription;
        }
    }

    /// <summary>A subscription canceled at <paramref name="askedAt"/>, as "cancel" leaves it: ending when a cancellation ends it.</summary>
    private static Subscription Canceled(Guid organization, Plan plan, DateTimeOffset startedAt, DateTimeOffset askedAt)
    {
        var subscription = Subscription.Start(organization, plan, startedAt, SubscriptionStatus.Active);
        subscription.CancelsAt = subscription.CancellationEndsAt(askedAt);
        return subscription;
    }

    /// <summary>
    /// The demo customer's key and calls on its subscriptions: two busy weeks, so the usage pages have data, and a few calls a
    /// day before them since each subscription started (<paramref name="startedDaysAgo"/> by listing), so past months have
    /// usage to bill. The running month gets only the two weeks, which stay under every plan's monthly calls.
    /// </summary>
    private static void SeedCustomerKeyAndUsage(
        TrustVaultDbContext db, Guid globex, Dictionary<string, Listing> listings, DateTimeOffset now, Dictionary<Guid, int> startedDaysAgo)
    {
        ApiKeyFormat.TryParse(DemoSeedOptions.CustomerApiKey, out _, out var keyId, out var secret);
        var key = new ApiKey { OrganizationId = globex, Name = "Demo key", KeyId = keyId, SecretHash = ApiKeyFormat.Hash(secret.Span) };
        db.ApiKeys.Add(key);

        var random = new Random(2026);
        var thisMonth = BillingPeriod.MonthOf(now);
        var subscriptions = db.ChangeTracker.Entries<Subscription>().Select(e => e.Entity).Where(s => s.OrganizationId == globex).ToList();
        for (var day = startedDaysAgo.Values.Max(); day >= 1; day--)
        {
            foreach (var subscription in subscriptions.Where(s => day <= startedDaysAgo[s.ListingId]))
            {
                var calls = day <= 14 ? random.Next(20, 60) : thisMonth.Contains(now.AddDays(-day)) ? 0 : random.Next(3, 12);
                for (var i = 0; i < calls; i++)
                {
                    var status = random.Next(100) switch { < 2 => 500, < 4 => 429, _ => 200 };
                    db.UsageEvents.Add(new UsageEvent
                    {
                        RequestId = Guid.CreateVersion7().ToString("N"),
                        At = now.AddDays(-day).AddMinutes(random.Next(24 * 60)),
                        OrganizationId = globex,
                        SubscriptionId = subscription.Id,
                        ListingId = subscription.ListingId,
                        ApiKeyId = key.Id,
                        Method = "GET",
                        Route = $"/{listings.Single(l => l.Value.Id == subscription.ListingId).Key}/v1/ping",
                        Status = status,
                        LatencyMs = 15 + (int)(random.NextDouble() * random.NextDouble() * 400),
                        Bytes = 512,
                        // The demo's 429s are the gateway's rate limit, as a busy customer meets it.
                        IsGatewayRefusal = status == 429,
                    });
                }
            }
        }

        key.LastUsedAt = LatestCall(db, key);
    }

    // What the gateway would have recorded after these calls, which the keys page shows.
    private static DateTimeOffset? LatestCall(TrustVaultDbContext db, ApiKey key) =>
        db.UsageEvents.Local.Where(e => e.ApiKeyId == key.Id).Max(e => (DateTimeOffset?)e.At);

    /// <summary>
    /// Half a day of steady calls from Initech to Skycast Weather, just enough per interval and intervals for the anomaly
    /// monitor to judge, ending in an interval where most calls fail slowly: the monitor's first run alerts the demo provider,
    /// so the portal's alerts and charts have something to show.
    /// </summary>
    private static void SeedTrafficWithSpike(TrustVaultDbContext db, Guid initech, Listing listing, DateTimeOffset now)
    {
        var (keyId, secret, _) = ApiKeyFormat.Create(isTest: false);
        var key = new ApiKey { OrganizationId = initech, Name = "Initech key", KeyId = keyId, SecretHash = ApiKeyFormat.Hash(secret) };
        db.ApiKeys.Add(key);
        var subscription = db.ChangeTracker.Entries<Subscription>().Select(e => e.Entity).Single(s => s.OrganizationId == initech && s.ListingId == listing.Id);
        var random = new Random(2028);
        var spike = TrafficSeries.Floor(now - ListingAnomalyMonitor.Settle) - TrafficSeries.Interval;
        for (var start = spike - (TrafficSeries.Interval * 180); start <= spike; start += TrafficSeries.Interval)
        {
            for (var i = 0; i < TrafficSeries.MinimumCalls; i++)
            {
                var spiking = start == spike && i < TrafficSeries.MinimumCalls * 3 / 4;
                db.UsageEvents.Add(new UsageEvent
                {
                    RequestId = Guid.CreateVersion7().ToString("N"),
                    At = start + (TrafficSeries.Interval * i / TrafficSeries.MinimumCalls),
                    OrganizationId = initech,
                    SubscriptionId = subscription.Id,
                    ListingId = listing.Id,
                    ApiKeyId = key.Id,
                    Method = "GET",
                    Route = "/skycast-weather/v2/nowcast",
                    Status = spiking ? 503 : random.Next(100) < 3 ? 500 : 200,
                    LatencyMs = spiking ? 4_000 + random.Next(1_000) : 60 + random.Next(120),
                    Bytes = 512,
                });
            }
        }

        key.LastUsedAt = LatestCall(db, key);
    }

    /// <summary>
    /// A trial of the privacy-analytics listing and a registered dataset, so the differential privacy endpoints answer the
    /// demo key at once. Added after the usage history, which it has none of: the trial is new.
    /// </summary>
    private static void SeedCustomerPrivacyDataset(TrustVaultDbContext db, Guid globex, Listing privacy, DateTimeOffset now)
    {
        db.Subscriptions.Add(Subscription.Start(globex, privacy.Plans.First(p => p.TrialDays > 0), now));
        db.PrivacyDatasets.Add(new PrivacyDataset
        {
            Id = DemoSeedOptions.CustomerPrivacyDatasetId,
            OrganizationId = globex,
            Name = "Orders",
            Description = "Order values of the demo shop, for trying the differential privacy endpoints.",
            EpsilonBudget = 10,
            DeltaBudget = 1e-5,
        });
    }

    /// <summary>
    /// A month of hourly probes per third-party listing (one short outage), so the catalog shows uptime: the demo
    /// upstreams are reserved <c>.example</c> hosts that the health job leaves alone.
    /// </summary>
    private static void SeedHealthHistory(TrustVaultDbContext db, IEnumerable<Listing> listings, DateTimeOffset now)
    {
        var random = new Random(2027);
        foreach (var listing in listings.Where(l => !l.IsFirstParty))
        {
            var outageStart = random.Next(24, 29 * 24);
            var outageHours = random.Next(0, 3);
            for (var hour = ListingHealthService.Days * 24; hour >= 1; hour--)
            {
                var ok = hour > outageStart || hour <= outageStart - outageHours;
                db.ListingHealthProbes.Add(new ListingHealthProbe
                {
                    ListingId = listing.Id,
                    At = now.AddHours(-hour),
                    Ok = ok,
                    StatusCode = ok ? 200 : 503,
                    LatencyMs = 40 + (int)(random.NextDouble() * random.NextDouble() * 250),
                });
            }
        }
    }

    /// <summary>The demo customer's token for the platform API; it expires like any token, a year after the seed.</summary>
    private static void SeedCustomerToken(TrustVaultDbContext db, string customerId, DateTimeOffset now)
    {
        PersonalAccessTokenFormat.TryParse(DemoSeedOptions.CustomerPersonalAccessToken, out var tokenId, out var secret);
        db.PersonalAccessTokens.Add(new PersonalAccessToken
        {
            UserId = customerId,
            Name = "Demo token",
            TokenId = tokenId,
            SecretHash = ApiKeyFormat.Hash(secret),
            Scopes = TokenScopes.Read | TokenScopes.Write,
            ExpiresAt = now + PersonalAccessTokenService.MaxLifetime,
        });
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo seed failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
