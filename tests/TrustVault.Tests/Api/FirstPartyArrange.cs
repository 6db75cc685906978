using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Accounts;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Tests.Api;

/// <summary>Subscriptions and keys for calling first-party APIs through the gateway.</summary>
internal static class FirstPartyArrange
{
    /// <summary>The demo customer and its current organization (Globex), whose key is <see cref="DemoSeedOptions.CustomerApiKey"/>.</summary>
    public static async Task<(string UserId, Guid OrganizationId)> DemoCustomerAsync(IServiceProvider services)
    {
        var email = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer).Email;
        var user = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
        return (user, (await services.GetRequiredService<OrganizationService>().GetCurrentAsync(user, CancellationToken.None))!.OrganizationId);
    }

    /// <summary>
    /// Subscribes the organization to the listing's plan with the highest rate limit (the Free plans allow 2 calls a
    /// second, fewer than a test class makes), unless it already subscribes. The row is written directly, as
    /// CoreTestHost does: checkout and payment are not what these tests are about.
    /// </summary>
    public static async Task SubscribeAsync(IServiceProvider services, Guid organizationId, string slug)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var listing = await db.Listings.Include(l => l.Plans).SingleAsync(l => l.Slug == slug);
        if (!await db.Subscriptions.AnyAsync(s => s.OrganizationId == organizationId && s.ListingId == listing.Id))
        {
            var plan = listing.Plans.MaxBy(p => p.RateLimitPerSecond)!;
            db.Subscriptions.Add(Subscription.Start(organizationId, plan, services.GetRequiredService<TimeProvider>().GetUtcNow(), SubscriptionStatus.Active));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>A new organization of the demo customer, subscribed to the listing, and a live key of it.</summary>
    public static async Task<(Guid OrganizationId, string Key)> OtherOrganizationAsync(IServiceProvider services, string slug)
    {
        var (user, _) = await DemoCustomerAsync(services);
        var organization = await services.GetRequiredService<OrganizationService>().CreateAsync(user, $"Tenant {Guid.NewGuid():N}"[..20], CancellationToken.None);
        await SubscribeAsync(services, organization, slug);
        var key = await services.GetRequiredService<ApiKeyService>().CreateAsync(user, organization, "tests", null, false, CancellationToken.None);
        return (organization, key.Secret);
    }
}
