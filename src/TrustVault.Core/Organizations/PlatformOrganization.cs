namespace TrustVault.Core.Organizations;

/// <summary>
/// TrustVault's own organization, which lists the first-party APIs. Its id is fixed so that instances seeding a new
/// database at once add it only once (<see cref="Data.Seeding.PlatformSeeder"/>).
/// </summary>
public static class PlatformOrganization
{
    public static readonly Guid Id = Guid.Parse("019af6d2-7c3e-7000-8000-000000000001");

    public const string Name = "TrustVault";
}
