using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Data.Seeding;

/// <summary>
/// What every database needs, demo or not: the Admin role, and the platform organization with TrustVault's first-party
/// listings and their plans, published. Run at every start; it adds only what is missing, so an administrator's later
/// changes to these listings stay, and a first-party API a new version brings is listed on its first start.
/// </summary>
public sealed class PlatformSeeder(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    /// <returns>True when rows were added.</returns>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AddMissingAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Instances starting together on a new database race here. Everything is added in one save, and the role's
            // unique name, the organization's fixed id and the listings' unique slugs let one instance win: the others
            // find its rows on a second look.
            return await AddMissingAsync(cancellationToken);
        }
    }

    private async Task<bool> AddMissingAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var adminRole = PlatformRoles.Admin.ToUpperInvariant();
        if (!await db.Roles.AnyAsync(r => r.NormalizedName == adminRole, cancellationToken))
        {
            db.Roles.Add(new IdentityRole(PlatformRoles.Admin) { NormalizedName = adminRole });
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == PlatformOrganization.Id, cancellationToken))
        {
            db.Organizations.Add(new Organization { Id = PlatformOrganization.Id, Name = PlatformOrganization.Name, ProviderTermsAcceptedAt = now });
        }

        foreach (var api in FirstPartyCatalog.Apis)
        {
            // A slug that is taken, also as the old address of a renamed listing, is the first-party listing as an
            // administrator left it.
            if (!await db.Listings.AcrossOrganizations().AnyAsync(l => l.Slug == api.Slug, cancellationToken)
                && !await db.ListingSlugAliases.AnyAsync(a => a.Slug == api.Slug, cancellationToken))
            {
                db.Listings.Add(SeededListing.Published(api, PlatformOrganization.Id, now, isFirstParty: true));
            }
        }

        if (!db.ChangeTracker.HasChanges())
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
