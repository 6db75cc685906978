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
