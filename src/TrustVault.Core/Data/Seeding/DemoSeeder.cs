using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Accounts;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Data.Seeding;

/// <summary>Fills an empty database with the demo accounts and their organizations.</summary>
public sealed class DemoSeeder(
    IDbContextFactory<TrustVaultDbContext> contexts,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    OrganizationService organizations)
{
    /// <returns>True when data was written; false when the database already had users.</returns>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                return false;
            }
        }

        if (!await roles.RoleExistsAsync(PlatformRoles.Admin))
        {
            Check(await roles.CreateAsync(new IdentityRole(PlatformRoles.Admin)));
        }

        foreach (var account in DemoSeedOptions.Accounts)
        {
            var user = new ApplicationUser { UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = $"{account.Kind} demo" };
            Check(await users.CreateAsync(user, account.Password));
            if (account.Kind == DemoAccountKind.Admin)
            {
                Check(await users.AddToRoleAsync(user, PlatformRoles.Admin));
            }

            var organizationId = await organizations.EnsurePersonalOrganizationAsync(user.Id, cancellationToken);
            await organizations.RenameAsync(user.Id, organizationId, account.Organization, cancellationToken);
            if (account.Kind == DemoAccountKind.Provider)
            {
                await organizations.AcceptProviderTermsAsync(user.Id, organizationId, cancellationToken);
            }
        }

        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo seed failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
