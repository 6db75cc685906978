using Microsoft.EntityFrameworkCore;

namespace TrustVault.Core.Data;

/// <summary>Calls <see cref="Committed()"/> once a save that added <typeparamref name="TRow"/> rows has committed (never for one that failed).</summary>
public abstract class CommittedRowsInterceptor<TRow> : AfterCommitInterceptor<object>
    where TRow : class
{
    private static readonly object Added = new();

    /// <summary>Rows of <typeparamref name="TRow"/> were committed.</summary>
    protected abstract void Committed();

    protected sealed override object? Observe(DbContext context) =>
        context.ChangeTracker.Entries<TRow>().Any(e => e.State == EntityState.Added) ? Added : null;

    protected sealed override void Committed(object seen) => Committed();
}
