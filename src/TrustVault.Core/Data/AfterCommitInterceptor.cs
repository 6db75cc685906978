using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustVault.Core.Data;

/// <summary>
/// Looks at what a save is about to write and acts on it once the save has committed, never for one that failed: the
/// change tracker no longer says what was written after the save, and an effect seen before a failed commit would
/// announce what never happened.
/// </summary>
/// <typeparam name="TSeen">What <see cref="Observe"/> took from the save for <see cref="Committed"/>.</typeparam>
public abstract class AfterCommitInterceptor<TSeen> : SaveChangesInterceptor
    where TSeen : class
{
    private readonly ConditionalWeakTable<DbContext, TSeen> saving = [];

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

    /// <summary>What this save changes that matters here, read from the change tracker before it runs; null for nothing.</summary>
    protected abstract TSeen? Observe(DbContext context);

    /// <summary>The save that <paramref name="seen"/> came from has committed.</summary>
    protected abstract void Committed(TSeen seen);

    private void Note(DbContext? context)
    {
        if (context is not null && Observe(context) is { } seen)
        {
            saving.AddOrUpdate(context, seen);
        }
    }

    private void Pull(DbContext? context)
    {
        if (context is not null && saving.TryGetValue(context, out var seen))
        {
            saving.Remove(context);
            Committed(seen);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            saving.Remove(context);
        }
    }
}
