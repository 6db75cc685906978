using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Reviews;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Data.Seeding;

/// <summary>Fills an empty database with the demo accounts, their organizations and the demo catalog.</summary>
public sealed class DemoSeeder(
    IDbContextFactory<TrustVaultDbContext> contexts,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    OrganizationService organizations,
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

        if (!await roles.RoleExistsAsync(PlatformRoles.Admin))
        {
            Check(await roles.CreateAsync(new IdentityRole(PlatformRoles.Admin)));
        }

        var organizationOf = new Dictionary<DemoAccountKind, (string UserId, Guid OrganizationId)>();
        foreach (var account in DemoSeedOptions.Accounts)
        {
            var user = new ApplicationUser { UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = $"{account.Kind} demo" };
            Check(await users.CreateAsync(user, account.Password));
            if (account.Kind == DemoAccountKind.Admin)
            {
                Check(await users.AddToRoleAsync(user, PlatformRoles.Admin));
            }

            var organizationId = await organizations.EnsurePersonalOrganizationAsync(user.Id, cancellationToken);
            await organizations.RenameAsync(user.Id, organizationId, account.Organization, cancellationToken);
            if (account.Kind != DemoAccountKind.Customer)
            {
                await organizations.AcceptProviderTermsAsync(user.Id, organizationId, cancellationToken);
            }

            organizationOf[account.Kind] = (user.Id, organizationId);
        }

        await SeedCatalogAsync(organizationOf, cancellationToken);
        return true;
    }

    /// <summary>
    /// Publishes the demo catalog (third-party APIs from the provider, first-party ones from TrustVault),
    /// and gives the customer two more organizations, subscriptions and reviews so every page has data.
    /// </summary>
    private async Task SeedCatalogAsync(Dictionary<DemoAccountKind, (string UserId, Guid OrganizationId)> organizationOf, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (customerId, globex) = organizationOf[DemoAccountKind.Customer];
        var initech = await organizations.CreateAsync(customerId, "Initech", cancellationToken);
        var hooli = await organizations.CreateAsync(customerId, "Hooli", cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = new Dictionary<string, Listing>();
        var apis = DemoCatalog.ThirdParty.Select(api => (api, organizationOf[DemoAccountKind.Provider].OrganizationId))
            .Concat(DemoCatalog.FirstParty.Select(api => (api, organizationOf[DemoAccountKind.Admin].OrganizationId)));
        var age = 0;
        foreach (var (api, owner) in apis)
        {
            // First-party listings get their documents from the app at start (FirstPartyDocumentSync), generated from its routes.
            var document = api.FirstParty ? null : OpenApiDocuments.For(api);
            var import = document is null ? null : OpenApiImporter.Import(document);
            if (import is { Succeeded: false })
            {
                throw new InvalidOperationException($"Demo document of {api.Slug} is invalid: {string.Join("; ", import.Errors)}");
            }

            var listing = new Listing
            {
                OrganizationId = owner,
                Name = api.Name,
                Slug = api.Slug,
                Summary = api.Summary,
                Description = api.Description,
                Category = api.Category,
                Tags = [.. api.Tags],
                UpstreamBaseUrl = api.Upstream,
                IsFirstParty = api.FirstParty,
                Status = ListingStatus.Published,
                PublishedAt = now.AddDays(-3 * ++age),
                OpenApiDocument = document,
            };
            listing.Endpoints.AddRange(import?.Endpoints ?? []);
            listing.Plans.AddRange(api.Plans.Select(PlanRules.Validate).Select(input => new Plan
            {
                ListingId = listing.Id,
                Name = input.Name,
                MonthlyPrice = input.MonthlyPrice,
                Currency = input.Currency,
                IncludedCallsPerMonth = input.IncludedCallsPerMonth,
                OveragePricePer1000 = input.OveragePricePer1000,
                RateLimitPerSecond = input.RateLimitPerSecond,
                RateLimitPerMinute = input.RateLimitPerMinute,
                TrialDays = input.TrialDays,
            }));
            db.Listings.Add(listing);
            listings[api.Slug] = listing;
        }

        (Guid Organization, string Slug, int PlanIndex, int Rating, string Text)[] usage =
        [
            (globex, "ai-analytics", 0, 5, "Forecasts with intervals out of the box; the narrative endpoint saves our analysts an hour a day."),
            (globex, "skycast-weather", 1, 4, "Accurate nowcasts. The alerts endpoint could cover more countries."),
            (globex, "geopoint-geocoding", 0, 5, "Rooftop accuracy for our delivery app, and the free tier is generous."),
            (initech, "skycast-weather", 1, 5, "Switched from a big-name provider and never looked back."),
            (initech, "sentimind-nlp", 1, 4, "Good German support; summaries are sometimes a little long."),
            (hooli, "skycast-weather", 2, 3, "Solid data, but we hit the rate limit at peak hours."),
            (hooli, "fxrate-exchange", 1, 4, "Reliable rates and sensible pricing."),
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
        foreach (var (organization, slug, planIndex, rating, text) in usage)
        {
            var listing = listings[slug];
            db.Subscriptions.Add(Subscription.Start(organization, listing.Plans[planIndex], now.AddDays(-40), SubscriptionStatus.Active));
            db.Reviews.Add(new Review { ListingId = listing.Id, OrganizationId = organization, AuthorUserId = customerId, Rating = rating, Text = text });
        }

        SeedCustomerKeyAndUsage(db, globex, listings, now);
        SeedCustomerPrivacyDataset(db, globex, listings["privacy-analytics"], now);
        SeedHealthHistory(db, listings.Values, now);
        SeedCustomerToken(db, customerId, now);
        await db.SaveChangesAsync(cancellationToken);
        var skycastReview = await db.Reviews.FirstAsync(r => r.ListingId == listings["skycast-weather"].Id && r.Rating == 3, cancellationToken);
        skycastReview.ProviderReply = "Thanks for the feedback: the Business plan now allows bursts of 100 requests per second.";
        skycastReview.RepliedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The demo customer's key and two weeks of calls on its subscriptions, so the usage pages have data.</summary>
    private static void SeedCustomerKeyAndUsage(TrustVaultDbContext db, Guid globex, Dictionary<string, Listing> listings, DateTimeOffset now)
    {
        ApiKeyFormat.TryParse(DemoSeedOptions.CustomerApiKey, out _, out var keyId, out var secret);
        var key = new ApiKey { OrganizationId = globex, Name = "Demo key", KeyId = keyId, SecretHash = ApiKeyFormat.Hash(secret) };
        db.ApiKeys.Add(key);

        var random = new Random(2026);
        var subscriptions = db.ChangeTracker.Entries<Subscription>().Select(e => e.Entity).Where(s => s.OrganizationId == globex).ToList();
        for (var day = 14; day >= 1; day--)
        {
            foreach (var subscription in subscriptions)
            {
                var calls = random.Next(20, 60);
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
                    });
                }
            }
        }
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
