using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

/// <summary>Arranges a gateway call through the real services: a provider's listing, approved, a subscription and a key.</summary>
internal static class GatewayArrange
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: Echo, version: 1.0.0 }
        paths:
          /echo:
            get:
              summary: Echo the request
              responses: { '200': { description: OK } }
        """;

    public sealed record Arranged(string Slug, string Key, Guid SubscriptionId, Guid CustomerOrganization, string CustomerId, string SigningSecret);

    /// <summary>A plan of 10/month with <paramref name="included"/> calls, a hard cap or overage, and a rate limit.</summary>
    public static PlanInput Plan(long included = 1000, bool hardCap = true, int perSecond = 50) => new()
    {
        Name = "Plan",
        MonthlyPrice = 10m,
        IncludedCallsPerMonth = included,
        OveragePricePer1000 = hardCap ? null : 1m,
        RateLimitPerSecond = perSecond,
        RateLimitPerMinute = perSecond * 60,
    };

    /// <summary>
    /// A published third-party listing on <paramref name="upstreamBase"/> described by <paramref name="openApi"/> (by
    /// default one <c>GET /echo</c>), the demo customer subscribed to <paramref name="plan"/>, and a key.
    /// </summary>
    public static async Task<Arranged> ArrangeAsync(IServiceProvider root, string upstreamBase, PlanInput plan, bool testKey = false, string openApi = Document)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var ct = CancellationToken.None;
        var provider = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Provider);
        var admin = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Admin);
        var customer = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Customer);
        var organizations = services.GetRequiredService<OrganizationService>();
        var providerOrganization = (await organizations.GetCurrentAsync(provider, ct))!.OrganizationId;
        var customerOrganization = (await organizations.GetCurrentAsync(customer, ct))!.OrganizationId;

        var listings = services.GetRequiredService<ListingService>();
        var slug = $"echo-{Guid.NewGuid():N}"[..20];
        var listingId = await listings.CreateAsync(provider, providerOrganization, new ListingInput
        {
            Name = "Echo",
            Slug = slug,
            Summary = "Echoes",
            Category = "Developer Tools",
            UpstreamBaseUrl = upstreamBase,
        }, ct);
        await listings.ImportOpenApiAsync(provider, providerOrganization, listingId, openApi, ct);
        var planId = await listings.AddPlanAsync(provider, providerOrganization, listingId, plan, ct);
        await listings.SubmitForReviewAsync(provider, providerOrganization, listingId, ct);
        await services.GetRequiredService<ListingModerationService>().ApproveAsync(admin, listingId, ct);

        await services.GetRequiredService<BillingService>().SaveTestCardAsync(customer, customerOrganization, TestCards.Visa, ct);
        var subscriptionId = (await services.GetRequiredService<SubscriptionService>().SubscribeAsync(customer, customerOrganization, planId, ct)).SubscriptionId;
        var key = await services.GetRequiredService<ApiKeyService>().CreateAsync(customer, customerOrganization, "tests", null, testKey, ct);
        var secret = await services.GetRequiredService<TrustVaultDbContext>().Listings.Where(l => l.Id == listingId).Select(l => l.SigningSecret).SingleAsync();
        return new Arranged(slug, key.Secret, subscriptionId, customerOrganization, customer, secret);
    }

    /// <summary>Renames the demo provider's listing at <paramref name="slug"/> to <paramref name="newSlug"/>: proposed, then approved.</summary>
    public static async Task RenameAsync(IServiceProvider root, string slug, string newSlug)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var ct = CancellationToken.None;
        var provider = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Provider);
        var admin = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Admin);
        var listing = await services.GetRequiredService<TrustVaultDbContext>().Listings.AsNoTracking().SingleAsync(l => l.Slug == slug);
        var listings = services.GetRequiredService<ListingService>();
        await listings.UpdateAsync(provider, listing.OrganizationId, listing.Id, ListingInput.From(listing) with { Slug = newSlug }, ct);
        var revision = await listings.GetLatestRevisionAsync(provider, listing.OrganizationId, listing.Id, ct);
        await services.GetRequiredService<ListingModerationService>().ApproveRevisionAsync(admin, revision!.Id, ct);
    }
}
