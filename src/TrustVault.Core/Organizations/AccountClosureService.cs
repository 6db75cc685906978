using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;

namespace TrustVault.Core.Organizations;

/// <summary>
/// What closing an account does to the organizations it leaves behind. An organization whose only member the account is
/// would go on without anyone: its keys still passing the gateway, its subscriptions still billed, its pending
/// invitations still open (whoever accepted one would be its only member, without an Owner's role). Such an
/// organization is closed with the account: keys revoked, free subscriptions ended, invitations revoked. Its invoices
/// and usage stay, as the months it was billed for happened. What it still owes or is owed is settled first, as before
/// closing an organization: nobody could pay an invoice issued after its only member left (docs/decisions/0038).
/// </summary>
public sealed class AccountClosureService(IDbContextFactory<TrustVaultDbContext> contexts, OrganizationClosureService closure)
{
    /// <summary>
    /// Closes the organizations <paramref name="userId"/> is the only member of. Refused for the last administrator who can
    /// sign in, and while one of those organizations lists APIs in the catalog or awaits review, whose subscribers would
    /// lose them without notice, or has billing to settle (<see cref="OrganizationClosureService.BillingBlockersAsync"/>).
    /// </summary>
    public async Task CloseOrganizationsLeftEmptyAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await UserAdministrationService.IsLastAdminAsync(db, userId, cancellationToken))
        {
            throw new InvalidInputException("Account",
                "You are the last administrator who can sign in: make someone else an administrator in Admin › Users before you delete your account, or nobody could run the platform.");
        }

        var members = db.OrganizationMembers.AcrossOrganizations();
        var own = members.Where(m => m.UserId == userId).Select(m => m.OrganizationId);
        var alone = await members
            .Where(m => own.Contains(m.OrganizationId))
            .GroupBy(m => m.OrganizationId)
            .Where(organization => organization.Count() == 1)
            .Select(organization => organization.Key)
            .ToListAsync(cancellationToken);

        var listed = await OrganizationClosureService.ListedAsync(db, alone, cancellationToken);
        if (listed.Count > 0)
        {
            var names = string.Join(", ", listed.Select(l => $"{l.Listing} ({l.Organization})"));
            throw new InvalidInputException("Account",
                $"Your organizations list APIs in the catalog: {names}. Their subscribers depend on them: invite another Owner to run them, or ask TrustVault to withdraw them, before you delete your account.");
        }

        var unsettled = new List<string>();
        foreach (var organizationId in alone)
        {
            var name = await db.OrganizationNameAsync(organizationId, cancellationToken);
            unsettled.AddRange((await closure.BillingBlockersAsync(db, organizationId, "delete your account", cancellationToken)).Select(b => $"{name}: {b}"));
        }

        if (unsettled.Count > 0)
        {
            throw new InvalidInputException("Account", $"Your account cannot be deleted yet. {string.Join("; ", unsettled)}.");
        }

        foreach (var organizationId in alone)
        {
            await closure.CloseLeftEmptyAsync(db, userId, organizationId, cancellationToken);
        }
    }
}
