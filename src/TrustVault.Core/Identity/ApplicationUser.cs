using Microsoft.AspNetCore.Identity;

namespace TrustVault.Core.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The organization the user last switched to; null until the first one exists.</summary>
    public Guid? CurrentOrganizationId { get; set; }
}
