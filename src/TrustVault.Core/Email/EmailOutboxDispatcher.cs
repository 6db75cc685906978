using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Telemetry;

namespace TrustVault.Core.Email;

/// <summary>
/// Sends the outbox mail that is due through the <see cref="IEmailSender"/>: accepted mail is marked sent, a failure
/// schedules the next attempt on <see cref="EmailRetrySchedule"/> or, after the last, fails the message.
/// </summary>
public sealed partial class EmailOutboxDispatcher(
    IDbContextFactory<TrustVaultDbContext> contexts, IEmailSender sender, TrustVaultMetrics metrics, TimeProvider clock, ILogger<EmailOutboxDispatcher> logger)
{
    /// <summary>How long sent mail is kept: the bodies hold links with tokens, which should not outlive their use.</summary>
    public const int RetentionDays = 30;

    private const int BatchSize = 50;

    /// <summary>
    /// How long a claimed message is hidden from other sweeps; longer than any SMTP exchange, so two workers never send
    /// the same message, and short enough that one a crashed worker claimed is retried soon.
    /// </summary>
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Attempts every message due now, oldest first, one at a time, then counts what is left pending or failed for the
    /// outbox gauge; returns how many attempts were made.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var attempted = await DueSweep.RunAsync(DueBatchAsync, BatchSize, parallelism: 1, (row, token) => AttemptAsync(row.Id, row.Due, token), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var waiting = await db.OutboxEmails
            .Where(e => e.Status != OutboxEmailStatus.Sent)
            .GroupBy(e => e.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        metrics.EmailOutboxCounted(
            waiting.Where(w => w.Status == OutboxEmailStatus.Pending).Sum(w => w.Count),
            waiting.Where(w => w.Status == OutboxEmailStatus.Failed).Sum(w => w.Count));
        return attempted;
    }

    private async Task<List<DueSweep.DueRow>> DueBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.OutboxEmails.AsNoTracking()
            .Where(e => e.Status == OutboxEmailStatus.Pending && e.NextAttemptAt <= now)
            .OrderBy(e => e.NextAttemptAt)
            .Take(BatchSize)
            .Select(e => new DueSweep.DueRow(e.Id, e.NextAttemptAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Deletes sent mail older than <see cref="RetentionDays"/> days; failed mail stays until an admin has seen it.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = clock.GetUtcNow().AddDays(-RetentionDays);
        return await db.OutboxEmails.Where(e => e.Status == OutboxEmailStatus.Sent && e.SentAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>One attempt, if this worker wins the claim on the message; false when another one had it.</summary>
    private async Task<bool> AttemptAsync(Guid id, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimedUntil = clock.GetUtcNow() + Claim;
        var claimed = await db.OutboxEmails
            .Where(e => e.Id == id && e.Status == OutboxEmailStatus.Pending && e.NextAttemptAt == due)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, claimedUntil), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var email = await db.OutboxEmails.SingleAsync(e => e.Id == id, cancellationToken);
        string? error = null;
        try
        {
            await sender.SendAsync(new EmailMessage(email.To, email.Subject, email.HtmlBody, email.TextBody), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The transport's own message (refused, unreachable, bad credentials); the body is never part of it.
            error = e.Message;
        }

        var now = clock.GetUtcNow();
        email.AttemptCount++;
        email.LastAttemptAt = now;
        email.LastError = error is { Length: > OutboxEmail.ErrorMaxLength } ? error[..OutboxEmail.ErrorMaxLength] : error;
        if (error is null)
        {
            email.Status = OutboxEmailStatus.Sent;
            email.SentAt = now;
            email.NextAttemptAt = null;
        }
        else
        {
            email.NextAttemptAt = EmailRetrySchedule.NextAttemptAt(email.AttemptCount, now);
            email.Status = email.NextAttemptAt is null ? OutboxEmailStatus.Failed : OutboxEmailStatus.Pending;
            LogFailedAttempt(email.Id, email.AttemptCount, email.Status, error);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        metrics.EmailAttempted(email.Status);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {EmailId}, attempt {Attempt}, not sent ({Status}): {Error}")]
    private partial void LogFailedAttempt(Guid emailId, int attempt, OutboxEmailStatus status, string error);
}
