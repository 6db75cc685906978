using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;

namespace TrustVault.Tests.Organizations;

public sealed class OrganizationOwnedTests
{
    /// <summary>Entity types that point at an organization without being owned by it under the one rule, and why.</summary>
    private static readonly Dictionary<Type, string> NotOwned = new()
    {
        [typeof(Organization)] = "the tenant itself",
        [typeof(ApplicationUser)] = "CurrentOrganizationId is the organization a user last chose, not an owner; users are global",
        [typeof(AuditEntry)] = "OrganizationId is optional (platform-wide entries have none); only admins read the trail",
    };

    /// <summary>Owned by its customer (<see cref="IOrganizationOwned"/>) or earned by its provider (<see cref="IProviderOwned"/>).</summary>
    [Fact]
    public void Every_entity_that_points_at_an_organization_is_marked_organization_owned()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        var unmarked = db.Model.GetEntityTypes()
            .Where(e => e.GetProperties().Any(p => p.Name.EndsWith("OrganizationId", StringComparison.Ordinal))
                || e.GetForeignKeys().Any(fk => fk.PrincipalEntityType.ClrType == typeof(Organization)))
            .Select(e => e.ClrType)
            .Where(t => !IsMarked(t) && !NotOwned.ContainsKey(t))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);

        Assert.Empty(unmarked);
    }

    [Fact]
    public void The_exclusion_list_names_only_entities_that_are_not_marked()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var entities = db.Model.GetEntityTypes().Select(e => e.ClrType).ToHashSet();

        Assert.All(NotOwned.Keys, t => Assert.True(entities.Contains(t) && !IsMarked(t), t.Name));
    }

    private static bool IsMarked(Type entity) => typeof(IOrganizationOwned).IsAssignableFrom(entity) || typeof(IProviderOwned).IsAssignableFrom(entity);
}
