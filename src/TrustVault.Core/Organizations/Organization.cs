using TrustVault.Core.Audit;

namespace TrustVault.Core.Organizations;

/// <summary>The tenant: subscriptions, keys, usage, invoices, listings and payouts belong to an organization.</summary>
public sealed class Organization : IHasTimestamps
{
    public const int NameMaxLength = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>True for the organization created with each user; it cannot be left by its owner.</summary>
    public bool IsPersonal { get; init; }

    /// <summary>Set when the organization accepts the provider terms and may publish listings.</summary>
    public DateTimeOffset? ProviderTermsAcceptedAt { get; set; }

    public bool IsProvider => ProviderTermsAcceptedAt is not null;

    /// <summary>
    /// The ε all of the organization's privacy datasets may spend together in a calendar month (UTC); null for the
    /// platform's default (<c>Privacy:DefaultMonthlyEpsilonCap</c>).
    /// </summary>
    public double? MonthlyPrivacyEpsilonCap { get; set; }

    public List<OrganizationMember> Members { get; init; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
