using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;

namespace TrustVault.Core.Organizations;

public static class OrganizationNames
{
    /// <summary>
    /// The organization's name, which every mail, refusal and receipt about one of its things carries: a member of several
    /// tells them apart by it.
    /// </summary>
    public static Task<string> OrganizationNameAsync(this TrustVaultDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(cancellationToken);
}
