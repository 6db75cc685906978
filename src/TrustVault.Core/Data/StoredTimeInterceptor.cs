using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustVault.Core.Data;

/// <summary>
/// Truncates the times a save writes to <see cref="StoredTime.Precision"/> in the entities themselves, so that what a
/// service answers from an entity it has just saved (a new key's expiry and creation time) is what a later read gives.
/// </summary>
public sealed class StoredTimeInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Truncate(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Truncate(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    private static void Truncate(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is DateTimeOffset time && (entry.State == EntityState.Added || property.IsModified)
                    && StoredTime.Truncate(time) is var stored && stored != time)
                {
                    property.CurrentValue = stored;
                }
            }
        }
    }
}
