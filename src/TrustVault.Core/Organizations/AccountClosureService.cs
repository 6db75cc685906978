using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Keys;

namespace TrustVault.Core.Organizations;

/// <summary>
/// What closing an account does to the organizations it leaves behind. An organization whose only member the account is
/// would go on without anyone: its keys still passing the gateway, its subscriptions still billed, its pending
/// invitations still open (whoever accepted one would be its only member, without an Owner's role). Such an
/// organization is closed with the account: keys revoked, subscriptions ended, invitations revoked. Its invoices and
/// usage stay, as the months it was billed for happened.
/// </summary>
public sealed class AccountClosureService(IDbContextFactory<TrustVaultDbContext> contexts, ApiKeyCache keyCache, TimeProvider clock)
{
    /// <summary>
    /// Closes the organizations <paramref name="userId"/> is the only member of. Refused while one of them lists APIs in
    /// the catalog or awaits review, whose subscribers would lose them without notice.
    /// </summary>
    public async Task CloseOrganizationsLeftEmptyAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = db.OrganizationMembers.AcrossOrganizations();
        var own = members.Where(m => m.UserId == userId).Select(m => m.OrganizationId);
        var alone = await members
            .Where(m => own.Contains(m.OrganizationId))
            .GroupBy(m => m.OrganizationId)
            .Where(organization => organization.Count() == 1)
            .Select(organization => organization.Key)
            .ToListAsync(cancellationToken);

        var listed = await db.Listings.AcrossOrganizations()
            .Where(l => alone.Contains(l.OrganizationId) && (l.Status == ListingStatus.Published || l.Status == ListingStatus.InReview))
            .Select(l => new { Organization = l.Organization!.Name, l.Name })
            .ToListAsync(cancellationToken);
        if (listed.Count > 0)
        {
            var names = string.Join(", ", listed.Select(l => $"{l.Name} ({l.Organization})"));
            throw new InvalidInputException("Account",
                $"Your organizations list APIs in the catalog: {names}. Their subscribers depend on them: invite another Owner to run them, or ask TrustVault to withdraw them, before you delete your account.");
        }

        foreach (var organizationId in alone)
        {
            await CloseAsync(db, userId, organizationId, cancellationToken);
        }
    }

    private async Task CloseAsync(TrustVaultDbContext db, string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var keys = await db.ApiKeys.ForOrganization(organizationId).Where(k => k.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            key.RevokedAt = now;
        }

        var subscriptions = await db.Subscriptions.ForOrganization(organizationId).ToListAsync(cancellationToken);
        var ended = subscriptions.Where(s => s.IsLiveAt(now)).ToList();
        foreach (var subscription in ended)
        {
            subscription.CancelsAt = now;
        }

        var invitations = await db.OrganizationInvitations.ForOrganization(organizationId)
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var invitation in invitations)
        {
            invitation.RevokedAt = now;
        }

        db.Record(clock, userId, organizationId, "organization.closed", nameof(Organization), organizationId,
            $"{keys.Count} keys revoked, {ended.Count} subscriptions ended, {invitations.Count} invitations revoked");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var key in keys)
        {
            keyCache.Invalidate(key.KeyId);
        }
    }
}
