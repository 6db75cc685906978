using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrustVault.Core.Caching;
using TrustVault.Core.Catalog;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

/// <summary>
/// Drops the gateway's cached access (<see cref="GatewayAccessResolver"/>) on every node once a save that changed it has
/// committed: whoever saved it (a customer's plan switch or cancellation, a failed or settled payment, a Stripe event, a
/// provider's plan or listing edit). A subscription's change drops its organization's entries; a plan's or listing's,
/// rare and not tied to one organization, drops them all.
/// </summary>
public sealed class GatewayAccessInterceptor(ICacheInvalidations invalidations) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Changed> saving = [];

    private sealed record Changed(IReadOnlySet<Guid> Organizations, bool Everyone);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Invalidate(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Invalidate(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Forget(eventData.Context);
        base.SaveChangesFailed(eventData);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var organizations = context.ChangeTracker.Entries<Subscription>().Where(e => Changes(e.State)).Select(e => e.Entity.OrganizationId).ToHashSet();
        var everyone = context.ChangeTracker.Entries<Plan>().Any(e => Changes(e.State)) || context.ChangeTracker.Entries<Listing>().Any(e => Changes(e.State));
        if (organizations.Count > 0 || everyone)
        {
            saving.AddOrUpdate(context, new Changed(organizations, everyone));
        }
    }

    private void Invalidate(DbContext? context)
    {
        if (context is null || !saving.TryGetValue(context, out var changed))
        {
            return;
        }

        saving.Remove(context);
        if (changed.Everyone)
        {
            invalidations.Invalidate(GatewayAccessResolver.CacheName, GatewayAccessResolver.EveryOrganization);
            return;
        }

        foreach (var organization in changed.Organizations)
        {
            invalidations.Invalidate(GatewayAccessResolver.CacheName, organization.ToString("N"));
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            saving.Remove(context);
        }
    }

    private static bool Changes(EntityState state) => state is EntityState.Added or EntityState.Modified or EntityState.Deleted;
}
