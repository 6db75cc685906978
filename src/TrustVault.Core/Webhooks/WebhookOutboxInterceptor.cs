using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustVault.Core.Webhooks;

/// <summary>Pulls the <see cref="IWebhookDeliveryTrigger"/> once a save that added deliveries has committed (never for one that failed).</summary>
public sealed class WebhookOutboxInterceptor(IWebhookDeliveryTrigger trigger) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> addingDeliveries = [];

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
        Pull(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Pull(eventData.Context);
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
        if (context is not null && context.ChangeTracker.Entries<WebhookDelivery>().Any(e => e.State == EntityState.Added))
        {
            addingDeliveries.AddOrUpdate(context, true);
        }
    }

    private void Pull(DbContext? context)
    {
        if (context is not null && addingDeliveries.Remove(context))
        {
            trigger.DeliveriesQueued();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            addingDeliveries.Remove(context);
        }
    }
}
