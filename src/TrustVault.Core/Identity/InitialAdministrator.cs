using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Identity;

/// <summary>
/// Makes the account named by <c>Admin:InitialEmail</c> an administrator and an owner of the platform organization
/// (its first-party listings), once the account exists with a confirmed address and only while no administrator can
/// sign in, by the rule <see cref="UserAdministrationService"/> keeps: a new database has none, and from then on
/// administrators make each other. The app asks at start and whenever an address is confirmed.
/// </summary>
public sealed class InitialAdministrator(IDbContextFactory<TrustVaultDbContext> contexts, IOptions<AdminOptions> options, TimeProvider clock)
{
    /// <returns>True when the account was made administrator by this call.</returns>
    public async Task<bool> GrantAsync(CancellationToken cancellationToken)
    {
        var email = options.Value.InitialEmail?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Identity keeps addresses upper-cased with the invariant culture, one account per address.
        var normalized = email.ToUpperInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is not { EmailConfirmed: true })
        {
            return false;
        }

        // Under the platform organization's lock: of instances starting at once (or a start and a confirmation), the second
        // to take it finds the grant made. Left to the keys, its insert failed, which EF Core logs as an error.
        await using var transaction = await db.BeginOrganizationTransactionAsync(PlatformOrganization.Id, cancellationToken);
        if (await UserAdministrationService.IsAdminAsync(db, user.Id, cancellationToken)
            || await UserAdministrationService.AnotherAdminCanSignInAsync(db, user.Id, cancellationToken))
        {
            return false;
        }

        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await UserAdministrationService.AdminRoleIdAsync(db, cancellationToken) });
        if (!await db.OrganizationMembers.ForOrganization(PlatformOrganization.Id).AnyAsync(m => m.UserId == user.Id, cancellationToken))
        {
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = PlatformOrganization.Id, UserId = user.Id, Role = OrganizationRole.Owner });
        }

        db.Record(clock, null, null, "user.admin-granted", nameof(ApplicationUser), user.Id, $"{user.Email}, named by {AdminOptions.SectionName}:{nameof(AdminOptions.InitialEmail)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
