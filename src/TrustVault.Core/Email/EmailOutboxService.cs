using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Email;

/// <summary>One outbox row as admins see it: who, what and how it went, never the body (it may hold a link with a token).</summary>
public sealed record OutboxEmailSummary(
    Guid Id, string To, string Subject, OutboxEmailStatus Status, int AttemptCount, DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, string? LastError);

/// <summary>The admins' view of the outbox: the list, newest first, and a retry for mail that failed.</summary>
public sealed class EmailOutboxService(IDbContextFactory<TrustVaultDbContext> contexts, IEmailOutboxTrigger trigger, TimeProvider clock)
{
    /// <param name="status">Only messages in this status; null for all.</param>
    public async Task<ItemPage<OutboxEmailSummary>> ListAsync(string adminUserId, OutboxEmailStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var rows = db.OutboxEmails.AsNoTracking().Where(e => status == null || e.Status == status);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Page(page, pageSize)
            .Select(e => new OutboxEmailSummary(e.Id, e.To, e.Subject, e.Status, e.AttemptCount, e.CreatedAt, e.LastAttemptAt, e.NextAttemptAt, e.LastError))
            .ToListAsync(cancellationToken);
        return new ItemPage<OutboxEmailSummary>(items, total);
    }

    /// <summary>Puts a failed message back in the queue, due now, with a fresh retry schedule.</summary>
    public async Task RetryAsync(string adminUserId, Guid emailId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var email = await db.OutboxEmails.SingleOrDefaultAsync(e => e.Id == emailId, cancellationToken)
            ?? throw new NotFoundException("The e-mail does not exist.");
        if (email.Status != OutboxEmailStatus.Failed)
        {
            throw new InvalidInputException("Status", $"The e-mail is {email.Status}; only failed e-mail can be retried.");
        }

        email.Status = OutboxEmailStatus.Pending;
        email.AttemptCount = 0;
        email.NextAttemptAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        trigger.EmailQueued();
    }
}
