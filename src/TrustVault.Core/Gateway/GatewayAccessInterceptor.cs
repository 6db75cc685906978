using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Caching;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

/// <summary>
/// Drops the gateway's cached access (<see cref="GatewayAccessResolver"/>) on every node once a save that changed it has
/// committed: whoever saved it (a customer's plan switch or cancellation, a failed or settled payment, a Stripe event, a
/// provider's plan or listing edit). A subscription's change drops its organization's entries; a plan's or listing's,
/// rare and not tied to one organization, drops them all.
/// </summary>
public sealed class GatewayAccessInterceptor(ICacheInvalidations invalidations) : AfterCommitInterceptor<GatewayAccessInterceptor.Changed>
{
    public sealed record Changed(IReadOnlySet<Guid> Organizations, bool Everyone);

    protected override Changed? Observe(DbContext context)
    {
        var organizations = context.ChangeTracker.Entries<Subscription>().Where(e => Changes(e.State)).Select(e => e.Entity.OrganizationId).ToHashSet();
        var everyone = context.ChangeTracker.Entries<Plan>().Any(e => Changes(e.State)) || context.ChangeTracker.Entries<Listing>().Any(e => Changes(e.State));
        return organizations.Count > 0 || everyone ? new Changed(organizations, everyone) : null;
    }

    protected override void Committed(Changed seen)
    {
        if (seen.Everyone)
        {
            invalidations.Invalidate(GatewayAccessResolver.CacheName, GatewayAccessResolver.EveryOrganization);
            return;
        }

        foreach (var organization in seen.Organizations)
        {
            invalidations.Invalidate(GatewayAccessResolver.CacheName, organization.ToString("N"));
        }
    }

    private static bool Changes(EntityState state) => state is EntityState.Added or EntityState.Modified or EntityState.Deleted;
}
