using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// The persisted privacy budgets: each registered <see cref="PrivacyDataset"/>'s own ε and δ (<see cref="PrivacyBudget"/>'s
/// rule over its stored <see cref="PrivacyBudgetSpendRecord"/>s), and the organization's ε cap per calendar month (UTC),
/// which all of its datasets' spends count against. Callers charge before they run a query, so a failure after the
/// charge can only over-count.
/// </summary>
/// <remarks>
/// Two concurrent charges must not both read the same prior spends and both be accepted. Because the monthly cap is
/// shared by all of an organization's datasets, charges are serialized per organization, not per dataset. Two layers:
/// <list type="bullet">
/// <item>A serializable transaction around read-check-insert, which is what makes it correct across processes.
/// On SQLite, Microsoft.Data.Sqlite opens a serializable transaction with BEGIN IMMEDIATE: the database's
/// single write lock is taken before the spends are read, so charges run one after another and each sees every
/// committed spend. On SQL Server, serializable takes key-range locks on the spends it reads (the dataset's and the
/// organization's of the month); a concurrent charge of the same organization then fails as a deadlock victim instead
/// of overspending. On PostgreSQL, serializable snapshot isolation lets both read, then fails one of them with a
/// serialization failure (40001); that charge runs again and sees the other's spend.</item>
/// <item>A semaphore per organization (striped, so memory stays bounded) in this process, so the charges one app
/// instance sees queue up instead of meeting as SQL Server deadlocks or SQLite busy waits. Only charges from different
/// instances ever rely on the database alone.</item>
/// </list>
/// See docs/decisions/0030-registered-privacy-datasets.md.
/// </remarks>
public sealed class PrivacyBudgetLedger(IDbContextFactory<TrustVaultDbContext> contexts, IOptions<PrivacyOptions> options, TimeProvider clock)
{
    private const int Stripes = 64;

    // Each lost conflict means another instance's charge committed (one at a time per instance: the stripes), so a
    // charge gives up only when other instances commit this many charges of the organization while it waits. 10 was
    // lost to a burst of 15 on a loaded machine; a retry costs one short transaction.
    private const int MaxAttempts = 100;

    private readonly SemaphoreSlim[] stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Records the spend of a query costing <paramref name="privacy"/>'s ε and δ if both the dataset's budget and the month's cap cover it.</summary>
    /// <exception cref="NotFoundException">The organization has no dataset with this id.</exception>
    /// <exception cref="PrivacyDatasetArchivedException">The dataset is archived.</exception>
    /// <exception cref="PrivacyBudgetExhaustedException">A budget does not cover the query; nothing was charged.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ε or δ is above the dataset's whole budget, or ε above the whole monthly cap.</exception>
    public async Task<PrivacyLedgerCharge> ChargeAsync(
        Guid organizationId, Guid datasetId, string query, PrivacyParameters privacy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        var gate = stripes[(uint)organizationId.GetHashCode() % Stripes];
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await ChargeOnceAsync(organizationId, datasetId, query, privacy, cancellationToken);
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

    private async Task<PrivacyLedgerCharge> ChargeOnceAsync(
        Guid organizationId, Guid datasetId, string query, PrivacyParameters privacy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var dataset = await DatasetAsync(db, organizationId, datasetId, cancellationToken);
        if (dataset.ArchivedAt is not null)
        {
            throw new PrivacyDatasetArchivedException(datasetId);
        }

        var now = clock.GetUtcNow();
        var month = Month.Of(now);
        var cap = (decimal)await MonthlyCapAsync(db, organizationId, cancellationToken);
        // As with a dataset's whole budget: a query no month could cover is bad input, not a refusal.
        if ((decimal)privacy.Epsilon > cap)
        {
            throw new ArgumentOutOfRangeException(
                "epsilon", privacy.Epsilon, string.Create(CultureInfo.InvariantCulture, $"epsilon is above your organization's whole monthly cap of ε = {cap}."));
        }

        var prior = await SpendsAsync(db, organizationId, datasetId, cancellationToken);
        var charge = new PrivacyBudget(dataset.EpsilonBudget, dataset.DeltaBudget).Charge(organizationId, datasetId, privacy, prior, now);
        var monthRemaining = cap - await SpentInMonthAsync(db, organizationId, month, cancellationToken);
        if ((decimal)privacy.Epsilon > monthRemaining)
        {
            throw new PrivacyBudgetExhaustedException(
                PrivacyBudgetScope.OrganizationMonth, datasetId, privacy.Epsilon, privacy.Delta, (double)Math.Max(monthRemaining, 0), null, month.End);
        }

        db.Add(new PrivacyBudgetSpendRecord
        {
            OrganizationId = organizationId,
            DatasetId = datasetId,
            Query = query.Length <= PrivacyBudgetSpendRecord.QueryMaxLength ? query : query[..PrivacyBudgetSpendRecord.QueryMaxLength],
            Epsilon = charge.Spend.Epsilon,
            Delta = charge.Spend.Delta,
            At = charge.Spend.At,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PrivacyLedgerCharge(charge.RemainingEpsilon, charge.RemainingDelta, (double)(monthRemaining - (decimal)privacy.Epsilon));
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

    /// <summary>The dataset's spends and what remains, and the organization's month; other organizations' spends never count.</summary>
    /// <exception cref="NotFoundException">The organization has no dataset with this id.</exception>
    public async Task<PrivacyBudgetStatus> GetStatusAsync(Guid organizationId, Guid datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await DatasetAsync(db, organizationId, datasetId, cancellationToken);
        var spends = await SpendsAsync(db, organizationId, datasetId, cancellationToken);
        return new PrivacyBudgetStatus(View(dataset, spends), await MonthAsync(db, organizationId, cancellationToken));
    }

    /// <summary>Every dataset of the organization, newest first, with its spends, and the organization's month.</summary>
    public async Task<PrivacyDatasetList> ListAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var datasets = await db.PrivacyDatasets.AsNoTracking().ForOrganization(organizationId).ToListAsync(cancellationToken);
        var spends = (await db.PrivacyBudgetSpends.ForOrganization(organizationId)
                .Select(s => new PrivacyBudgetSpend(s.OrganizationId, s.DatasetId, s.Epsilon, s.Delta, s.At))
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.DatasetId);
        return new PrivacyDatasetList(
            [.. datasets.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Select(d => View(d, spends[d.Id]))],
            await MonthAsync(db, organizationId, cancellationToken));
    }

    /// <summary>One page of the organization's datasets, newest first as <see cref="ListAsync"/> orders them all, each with its spends.</summary>
    /// <param name="page">From 0.</param>
    public async Task<ItemPage<PrivacyDatasetView>> ListPageAsync(Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.PrivacyDatasets.AsNoTracking().ForOrganization(organizationId);
        var datasets = await mine.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .ToListAsync(cancellationToken);
        var ids = datasets.Select(d => d.Id).ToList();
        var spends = (await db.PrivacyBudgetSpends.ForOrganization(organizationId)
                .Where(s => ids.Contains(s.DatasetId))
                .Select(s => new PrivacyBudgetSpend(s.OrganizationId, s.DatasetId, s.Epsilon, s.Delta, s.At))
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.DatasetId);
        return new ItemPage<PrivacyDatasetView>([.. datasets.Select(d => View(d, spends[d.Id]))], await mine.CountAsync(cancellationToken));
    }

    /// <summary>A dataset's view with what <paramref name="spends"/> (its own) spent of it.</summary>
    public static PrivacyDatasetView View(PrivacyDataset dataset, IEnumerable<PrivacyBudgetSpend> spends)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var own = spends.ToList();
        var (remainingEpsilon, remainingDelta) = new PrivacyBudget(dataset.EpsilonBudget, dataset.DeltaBudget).Remaining(dataset.OrganizationId, dataset.Id, own);
        return new PrivacyDatasetView(
            dataset.Id,
            dataset.Name,
            dataset.Description,
            dataset.EpsilonBudget,
            dataset.DeltaBudget,
            (double)own.Sum(s => (decimal)s.Epsilon),
            (double)own.Sum(s => (decimal)s.Delta),
            remainingEpsilon,
            remainingDelta,
            own.Count,
            dataset.CreatedAt,
            dataset.ArchivedAt);
    }

    private async Task<PrivacyMonthView> MonthAsync(TrustVaultDbContext db, Guid organizationId, CancellationToken cancellationToken)
    {
        var month = Month.Of(clock.GetUtcNow());
        var cap = (decimal)await MonthlyCapAsync(db, organizationId, cancellationToken);
        var spent = await SpentInMonthAsync(db, organizationId, month, cancellationToken);
        return new PrivacyMonthView((double)cap, (double)spent, (double)Math.Max(cap - spent, 0), month.End);
    }

    private static async Task<PrivacyDataset> DatasetAsync(TrustVaultDbContext db, Guid organizationId, Guid datasetId, CancellationToken cancellationToken) =>
        await db.PrivacyDatasets.AsNoTracking().ForOrganization(organizationId).SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
        ?? throw new NotFoundException($"Your organization has no dataset {datasetId}: register one first, and query it by the id it gets.");

    private async Task<double> MonthlyCapAsync(TrustVaultDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.MonthlyPrivacyEpsilonCap).SingleOrDefaultAsync(cancellationToken)
        ?? options.Value.DefaultMonthlyEpsilonCap;

    /// <summary>Summed here in <see cref="decimal"/>, not by the database in floating point, so ten charges of 0.1 fill a cap of 1 exactly.</summary>
    private static async Task<decimal> SpentInMonthAsync(TrustVaultDbContext db, Guid organizationId, Month month, CancellationToken cancellationToken) =>
        (await db.PrivacyBudgetSpends.ForOrganization(organizationId)
            .Where(s => s.At >= month.Start && s.At < month.End)
            .Select(s => s.Epsilon)
            .ToListAsync(cancellationToken))
        .Sum(epsilon => (decimal)epsilon);

    private static Task<List<PrivacyBudgetSpend>> SpendsAsync(TrustVaultDbContext db, Guid organizationId, Guid datasetId, CancellationToken cancellationToken) =>
        db.PrivacyBudgetSpends.ForOrganization(organizationId)
            .Where(s => s.DatasetId == datasetId)
            .Select(s => new PrivacyBudgetSpend(s.OrganizationId, s.DatasetId, s.Epsilon, s.Delta, s.At))
            .ToListAsync(cancellationToken);

    /// <summary>A calendar month in UTC, [Start, End).</summary>
    private readonly record struct Month(DateTimeOffset Start, DateTimeOffset End)
    {
        public static Month Of(DateTimeOffset now)
        {
            var utc = now.ToUniversalTime();
            var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
            return new Month(start, start.AddMonths(1));
        }
    }
}
