using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Metering;

/// <summary>
/// Deletes raw usage events older than <see cref="UsageRetentionOptions.Days"/> once nothing needs them: an event of a
/// subscription goes when its (subscription, hour) has a <see cref="UsageRollup"/> and its billing period has been
/// invoiced; an event without a subscription (a call the gateway refused before any plan applied) is never billed and
/// goes on age alone. Invoicing runs for every organization of a period at once, and free plans are never invoiced,
/// so "invoiced" means that an invoice exists for the period, not necessarily one of the event's organization.
/// </summary>
public sealed partial class UsageEventPruner(
    IDbContextFactory<TrustVaultDbContext> contexts, IOptions<UsageRetentionOptions> options, TimeProvider clock, ILogger<UsageEventPruner> logger)
{
    /// <summary>How many events were deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = clock.GetUtcNow().AddDays(-settings.Days);
        var deleted = 0;
        // Keyset over (At, Id), the order of the At index: events kept this run are passed over, not read again.
        (DateTimeOffset At, long Id)? last = null;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var older = db.UsageEvents.AsNoTracking().AcrossOrganizations().Where(e => e.At < cutoff);
            if (last is var (lastAt, lastId))
            {
                older = older.Where(e => e.At > lastAt || (e.At == lastAt && e.Id > lastId));
            }

            var batch = await older.OrderBy(e => e.At).ThenBy(e => e.Id).Take(settings.BatchSize)
                .Select(e => new Candidate(e.Id, e.At, e.SubscriptionId))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            last = (batch[^1].At, batch[^1].Id);
            var settled = await SettledAsync(db, batch, cancellationToken);
            if (settled.Count > 0)
            {
                deleted += await db.UsageEvents.AcrossOrganizations().Where(e => settled.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            }
        }

        LogPruned(logger, deleted, cutoff);
        return deleted;
    }

    private static async Task<List<long>> SettledAsync(TrustVaultDbContext db, List<Candidate> batch, CancellationToken cancellationToken)
    {
        var (from, to) = (batch[0].At, batch[^1].At);
        var fromHour = HourOf(from);
        var subscriptions = batch.Where(c => c.SubscriptionId is not null).Select(c => c.SubscriptionId!.Value).Distinct().ToList();
        var rolledUp = (await db.UsageRollups.AsNoTracking().AcrossOrganizations()
                .Where(r => subscriptions.Contains(r.SubscriptionId) && r.HourStart >= fromHour && r.HourStart <= to)
                .Select(r => new { r.SubscriptionId, r.HourStart })
                .ToListAsync(cancellationToken))
            .Select(r => (r.SubscriptionId, r.HourStart.UtcTicks))
            .ToHashSet();
        var invoiced = (await db.Invoices.AsNoTracking().AcrossOrganizations()
                .Where(i => i.PeriodStart <= to && i.PeriodEnd > from)
                .Select(i => new { i.PeriodStart, i.PeriodEnd })
                .ToListAsync(cancellationToken))
            .Distinct()
            .ToList();
        return batch
            .Where(c => c.SubscriptionId is not { } subscription
                || (rolledUp.Contains((subscription, HourOf(c.At).UtcTicks)) && invoiced.Exists(i => i.PeriodStart <= c.At && c.At < i.PeriodEnd)))
            .Select(c => c.Id)
            .ToList();
    }

    private static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private sealed record Candidate(long Id, DateTimeOffset At, Guid? SubscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Deleted} usage events older than {Cutoff} that were rolled up and invoiced.")]
    private static partial void LogPruned(ILogger logger, int deleted, DateTimeOffset cutoff);
}
