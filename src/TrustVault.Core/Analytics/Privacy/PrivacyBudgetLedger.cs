using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>What one organization has spent of one dataset's budget, and what remains.</summary>
public sealed record PrivacyBudgetStatus(
    string Dataset, double TotalEpsilon, double TotalDelta, double SpentEpsilon, double SpentDelta, double RemainingEpsilon, double RemainingDelta, int Queries);

/// <summary>
/// The persisted privacy budget per (organization, dataset): <see cref="PrivacyBudget"/>'s rule over the stored
/// <see cref="PrivacyBudgetSpendRecord"/>s, with every dataset starting from <see cref="PrivacyOptions"/>.
/// Callers charge before they run a query, so a failure after the charge can only over-count.
/// </summary>
/// <remarks>
/// Two concurrent charges must not both read the same prior spends and both be accepted. Two layers stop that:
/// <list type="bullet">
/// <item>A serializable transaction around read-check-insert, which is what makes it correct across processes.
/// On SQLite, Microsoft.Data.Sqlite opens a serializable transaction with BEGIN IMMEDIATE: the database's
/// single write lock is taken before the spends are read, so charges (on any dataset) run one after another and
/// each sees every committed spend. On SQL Server, serializable takes key-range locks on the spends of the
/// (organization, dataset) it reads; a concurrent charge on the same key then fails as a deadlock victim
/// instead of overspending. On PostgreSQL, serializable snapshot isolation lets both read, then fails one of them
/// with a serialization failure (40001); that charge runs again and sees the other's spend.</item>
/// <item>A semaphore per key (striped, so memory stays bounded) in this process, so the charges one app instance
/// sees queue up instead of meeting as SQL Server deadlocks or SQLite busy waits. Only charges from different
/// instances ever rely on the database alone.</item>
/// </list>
/// A per-key lock row would avoid the SQL Server deadlock between instances too, at the cost of a second table;
/// the deadlock is safe (no spend is lost or doubled) and rare, so the simpler design was chosen.
/// </remarks>
public sealed partial class PrivacyBudgetLedger(IDbContextFactory<TrustVaultDbContext> contexts, IOptions<PrivacyOptions> options, TimeProvider clock)
{
    private const int Stripes = 64;

    // Each lost conflict means another instance's charge committed (one at a time per instance: the stripes), so a
    // charge gives up only when other instances commit this many charges on the dataset while it waits. 10 was lost to
    // a burst of 15 on a loaded machine; a retry costs one short transaction.
    private const int MaxAttempts = 100;

    private readonly SemaphoreSlim[] stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Dataset names are case-insensitive (SQL Server's default collation would compare them so anyway) and kept lower-case.</summary>
    public static string? NormalizeDataset(string? dataset)
    {
        var name = dataset?.Trim().ToLowerInvariant();
        return name is { Length: > 0 and <= PrivacyBudgetSpendRecord.DatasetMaxLength } && DatasetName().IsMatch(name) ? name : null;
    }

    /// <summary>Records the spend of a query costing <paramref name="privacy"/>'s ε and δ if the dataset's budget covers it.</summary>
    /// <exception cref="PrivacyBudgetExhaustedException">The budget does not cover the query; nothing was charged.</exception>
    public async Task<PrivacyBudgetCharge> ChargeAsync(
        Guid organizationId, string dataset, string query, PrivacyParameters privacy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        var name = Normalize(dataset);
        var gate = stripes[(uint)HashCode.Combine(organizationId, name) % Stripes];
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await ChargeOnceAsync(organizationId, name, query, privacy, cancellationToken);
                }
                catch (Exception e) when (attempt < MaxAttempts && LostToConcurrentCharge(e))
                {
                    // Rolled back, nothing charged: read the spends again, now with the other charge among them.
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PrivacyBudgetCharge> ChargeOnceAsync(
        Guid organizationId, string name, string query, PrivacyParameters privacy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var prior = await SpendsAsync(db, organizationId, name, cancellationToken);
        var charge = Budget().Charge(organizationId, name, privacy, prior, clock.GetUtcNow());
        db.Add(new PrivacyBudgetSpendRecord
        {
            OrganizationId = organizationId,
            Dataset = name,
            Query = query.Length <= PrivacyBudgetSpendRecord.QueryMaxLength ? query : query[..PrivacyBudgetSpendRecord.QueryMaxLength],
            Epsilon = charge.Spend.Epsilon,
            Delta = charge.Spend.Delta,
            At = charge.Spend.At,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return charge;
    }

    /// <summary>
    /// PostgreSQL's serialization failure (40001), which its serializable transactions end with when another charge
    /// committed spends they read (or, rarely, a deadlock between two of them, 40P01); from the commit as it is, from
    /// the insert wrapped by EF (once or twice).
    /// </summary>
    private static bool LostToConcurrentCharge(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is DbException { SqlState: "40001" or "40P01" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The organization's spends on the dataset and what remains; other organizations' spends never count.</summary>
    public async Task<PrivacyBudgetStatus> GetStatusAsync(Guid organizationId, string dataset, CancellationToken cancellationToken)
    {
        var name = Normalize(dataset);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var spends = await SpendsAsync(db, organizationId, name, cancellationToken);
        var (remainingEpsilon, remainingDelta) = Budget().Remaining(organizationId, name, spends);
        var budget = options.Value;
        return new PrivacyBudgetStatus(
            name,
            budget.DefaultEpsilonBudget,
            budget.DefaultDeltaBudget,
            (double)spends.Sum(s => (decimal)s.Epsilon),
            (double)spends.Sum(s => (decimal)s.Delta),
            remainingEpsilon,
            remainingDelta,
            spends.Count);
    }

    private PrivacyBudget Budget() => new(options.Value.DefaultEpsilonBudget, options.Value.DefaultDeltaBudget);

    private static Task<List<PrivacyBudgetSpend>> SpendsAsync(TrustVaultDbContext db, Guid organizationId, string dataset, CancellationToken cancellationToken) =>
        db.PrivacyBudgetSpends.ForOrganization(organizationId)
            .Where(s => s.Dataset == dataset)
            .Select(s => new PrivacyBudgetSpend(s.OrganizationId, s.Dataset, s.Epsilon, s.Delta, s.At))
            .ToListAsync(cancellationToken);

    private static string Normalize(string dataset) =>
        NormalizeDataset(dataset) ?? throw new ArgumentException(
            $"'dataset' must be 1 to {PrivacyBudgetSpendRecord.DatasetMaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit.", nameof(dataset));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex DatasetName();
}
