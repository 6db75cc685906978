using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustVault.Core.Data;

/// <summary>Calls <see cref="Committed"/> once a save that added <typeparamref name="TRow"/> rows has committed (never for one that failed).</summary>
public abstract class CommittedRowsInterceptor<TRow> : SaveChangesInterceptor
    where TRow : class
{
    private readonly ConditionalWeakTable<DbContext, object> adding = [];

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

    /// <summary>Rows of <typeparamref name="TRow"/> were committed.</summary>
    protected abstract void Committed();

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<TRow>().Any(e => e.State == EntityState.Added))
        {
            adding.AddOrUpdate(context, true);
        }
    }

    private void Pull(DbContext? context)
    {
        if (context is not null && adding.Remove(context))
        {
            Committed();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            adding.Remove(context);
        }
    }
}
