namespace TrustVault.Core.Data.Seeding;

/// <summary>The <c>Seed</c> configuration section.</summary>
public sealed class DemoSeedOptions
{
    public const string SectionName = "Seed";

    /// <summary>Seed demo data into an empty database (on by default in Development).</summary>
    public bool DemoData { get; set; }

    /// <summary>The demo customer's API key, public like the passwords, so README can show a working call.</summary>
    public const string CustomerApiKey = "tv_live_globexdemo26_DemoKeyForTheReadme-NeverUseInProduction";

    /// <summary>
    /// The demo customer's personal access token (read and write) for the platform API, public like the key, so README and the
    /// TypeScript SDK's tests can call /api/v1 on a freshly seeded app.
    /// </summary>
    public const string CustomerPersonalAccessToken = "tvp_globexdemo26_DemoTokenForTheReadme-NeverUseInProduction";

    /// <summary>
    /// The demo customer's registered privacy dataset, fixed so README, the first-party documents' examples and the SDKs' live
    /// tests can name it on a freshly seeded app.
    /// </summary>
    public static readonly Guid CustomerPrivacyDatasetId = Guid.Parse("019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57");

    /// <summary>The demo accounts; their passwords are public (README), so never enable the seed in production.</summary>
    public static IReadOnlyList<DemoAccount> Accounts { get; } =
    [
        new(DemoAccountKind.Admin, "admin@trustvault.dev", "Admin#Demo2026", Organizations.PlatformOrganization.Name),
        new(DemoAccountKind.Provider, "provider@trustvault.dev", "Provider#Demo2026", "Acme APIs"),
        new(DemoAccountKind.Customer, "customer@trustvault.dev", "Customer#Demo2026", "Globex Analytics"),
    ];
}
