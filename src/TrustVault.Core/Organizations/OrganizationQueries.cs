using System.Linq.Expressions;

namespace TrustVault.Core.Organizations;

/// <summary>The one tenancy rule: how a query over organization-owned rows is narrowed to one organization, or said not to be.</summary>
public static class OrganizationQueries
{
    /// <summary>Only the rows of <paramref name="organizationId"/>: every tenant read of an <see cref="IOrganizationOwned"/> set starts here.</summary>
    public static IQueryable<T> ForOrganization<T>(this IQueryable<T> rows, Guid organizationId)
        where T : class, IOrganizationOwned => OwnedBy(rows, nameof(IOrganizationOwned.OrganizationId), organizationId);

    /// <summary>Only the rows <paramref name="providerOrganizationId"/> earns from: every provider read of an <see cref="IProviderOwned"/> set starts here.</summary>
    public static IQueryable<T> ForProvider<T>(this IQueryable<T> rows, Guid providerOrganizationId)
        where T : class, IProviderOwned => OwnedBy(rows, nameof(IProviderOwned.ProviderOrganizationId), providerOrganizationId);

    /// <summary>
    /// Says that this read spans organizations on purpose (the public catalog, a user's own memberships, a lookup by an
    /// unguessable token); it changes nothing in the query. The tenancy test accepts it in place of <see cref="ForOrganization{T}"/>.
    /// </summary>
    public static IQueryable<T> AcrossOrganizations<T>(this IQueryable<T> rows)
        where T : class, IOrganizationOwned => rows;

    private static IQueryable<T> OwnedBy<T>(IQueryable<T> rows, string ownerProperty, Guid organizationId)
    {
        // Built on the entity's own property, not the interface's, so that every provider translates it to a column comparison.
        var row = Expression.Parameter(typeof(T), "row");
        var owner = Expression.Property(row, typeof(T).GetProperty(ownerProperty)!);
        Expression<Func<Guid>> captured = () => organizationId;
        return rows.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(owner, captured.Body), row));
    }
}
