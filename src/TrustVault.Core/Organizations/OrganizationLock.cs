using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TrustVault.Core.Data;

namespace TrustVault.Core.Organizations;

/// <summary>
/// Serializes an organization's check-then-insert rules (one subscription per API, one dataset per name) across
/// requests and nodes, where a check alone lets two concurrent requests both pass it.
/// </summary>
public static class OrganizationLock
{
    /// <summary>
    /// Begins a transaction holding the organization's row lock: the same call for the same organization waits until
    /// this transaction ends, and the reads after it see what that one committed.
    /// </summary>
    /// <remarks>
    /// A write of the organization's row, as the lock is a write lock on each provider: PostgreSQL's and SQL Server's
    /// row lock, held to the end of the transaction (their reads at read committed then see the other's commit); on
    /// SQLite the transaction already holds the database's one write lock (BEGIN IMMEDIATE).
    /// </remarks>
    public static async Task<IDbContextTransaction> BeginOrganizationTransactionAsync(
        this TrustVaultDbContext db, Guid organizationId, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Organizations.Where(o => o.Id == organizationId)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), cancellationToken);
        return transaction;
    }
}
