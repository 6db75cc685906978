using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Accounts;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Data;

/// <summary>
/// The one model of the platform. Each database provider derives its own context type so that it
/// owns a separate migrations set (Data/Migrations/Sqlite, Data/Migrations/SqlServer).
/// </summary>
public abstract class TrustVaultDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();
    public DbSet<OrganizationInvitation> OrganizationInvitations => Set<OrganizationInvitation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TrustVaultDbContext).Assembly);
    }
}
