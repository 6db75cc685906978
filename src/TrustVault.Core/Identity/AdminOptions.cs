using TrustVault.Core.Email;

namespace TrustVault.Core.Identity;

/// <summary>The <c>Admin</c> configuration section.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// The account that becomes the first administrator (<see cref="InitialAdministrator"/>): how a database without
    /// one gets one.
    /// </summary>
    public string? InitialEmail { get; set; }

    public bool IsValid => string.IsNullOrWhiteSpace(InitialEmail) || EmailAddresses.Refusal(InitialEmail.Trim()) is null;
}
