using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;

namespace TrustVault.Core.Organizations;

/// <summary>The one place that answers "may this user act for this organization?".</summary>
public static class OrganizationAccess
{
    /// <summary>The refusal a non-member gets: it does not reveal whether the organization exists.</summary>
    public const string NotAMember = "The organization does not exist.";

    /// <summary>Throws unless the user is a member with one of the roles (any role when none are given).</summary>
    public static async Task<OrganizationRole> RequireRoleAsync(
        this TrustVaultDbContext db, string userId, Guid organizationId, CancellationToken cancellationToken, params OrganizationRole[] allowed)
    {
        var role = await db.OrganizationMembers.ForOrganization(organizationId)
            .Where(m => m.UserId == userId)
            .Select(m => (OrganizationRole?)m.Role)
            .SingleOrDefaultAsync(cancellationToken);
        if (role is null)
        {
            throw new NotFoundException(NotAMember);
        }

        if (allowed.Length > 0 && !allowed.Contains(role.Value))
        {
            throw new ForbiddenException($"Only {string.Join(" or ", allowed.Select(Member))} of the organization may do this.");
        }

        return role.Value;
    }

    private static string Member(OrganizationRole role) => role switch
    {
        OrganizationRole.Owner => "an Owner",
        OrganizationRole.Developer => "a Developer",
        _ => "a Billing member",
    };

    public static async Task RequireAdminAsync(this TrustVaultDbContext db, string userId, CancellationToken cancellationToken)
    {
        var isAdmin = await db.UserRoles.AnyAsync(
            ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PlatformRoles.Admin), cancellationToken);
        if (!isAdmin)
        {
            throw new ForbiddenException("Only platform administrators may do this.");
        }
    }
}
