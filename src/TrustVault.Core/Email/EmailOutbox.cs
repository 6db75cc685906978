using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Email;

/// <summary>How features send mail: they add it to the outbox in the save that makes the change it tells about.</summary>
public static class EmailOutbox
{
    /// <summary>Adds the message to the outbox, due now; it is sent once the caller's save commits.</summary>
    public static void QueueEmail(this TrustVaultDbContext db, EmailMessage message, DateTimeOffset now) =>
        db.OutboxEmails.Add(new OutboxEmail
        {
            To = message.To,
            Subject = message.Subject,
            HtmlBody = message.HtmlBody,
            TextBody = message.TextBody,
            CreatedAt = now,
            Status = OutboxEmailStatus.Pending,
            NextAttemptAt = now,
        });

    /// <summary>
    /// Records every mail still waiting that was queued before <paramref name="before"/> as sent when it was queued: for
    /// mails about a past the app replays (the demo's history), which went out at the time and must not go out now.
    /// </summary>
    public static Task<int> MarkQueuedBeforeAsSentAsync(this TrustVaultDbContext db, DateTimeOffset before, CancellationToken cancellationToken) =>
        db.OutboxEmails
            .Where(e => e.Status == OutboxEmailStatus.Pending && e.CreatedAt < before)
            .ExecuteUpdateAsync(
                e => e.SetProperty(m => m.Status, OutboxEmailStatus.Sent).SetProperty(m => m.SentAt, m => m.CreatedAt).SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null),
                cancellationToken);

    /// <summary>The addresses of the organization's members in <paramref name="roles"/>: who gets its alerts.</summary>
    public static Task<List<string>> MemberAddressesAsync(
        this TrustVaultDbContext db, Guid organizationId, IReadOnlyCollection<OrganizationRole> roles, CancellationToken cancellationToken) =>
        db.OrganizationMembers.AsNoTracking().ForOrganization(organizationId)
            .Where(m => roles.Contains(m.Role))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email)
            .Where(e => e != null)
            .Select(e => e!)
            .ToListAsync(cancellationToken);
}
