using System.Linq.Expressions;
using TrustVault.Core.Audit;

namespace TrustVault.Core.Catalog;

/// <summary>
/// What a subscriber pays and may use. Terms never change in place once someone subscribed:
/// the provider publishes a new version and retires this one.
/// </summary>
public sealed class Plan : IHasTimestamps
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ListingId { get; init; }
    public Listing? Listing { get; init; }
    public required string Name { get; set; }
    public decimal MonthlyPrice { get; set; }

    /// <summary>ISO 4217 code.</summary>
    public string Currency { get; set; } = "USD";

    public long IncludedCallsPerMonth { get; set; }

    /// <summary>Price per 1,000 calls past the included ones; null means a hard cap at the included calls.</summary>
    public decimal? OveragePricePer1000 { get; set; }

    public int RateLimitPerSecond { get; set; }
    public int RateLimitPerMinute { get; set; }
    public int TrialDays { get; set; }

    /// <summary>Shown in the catalog and open to new subscribers.</summary>
    public bool IsVisible { get; set; } = true;

    /// <summary>Set when retired: existing subscribers keep it, nobody new can take it.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>1 for a new plan; a revision has the next number and points at the plan it replaces.</summary>
    public int Version { get; init; } = 1;

    public Guid? ReplacesPlanId { get; init; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool HasHardCap => OveragePricePer1000 is null;

    /// <summary>Open to new subscribers: visible and not retired. One expression, so EF queries and code agree.</summary>
    public static Expression<Func<Plan, bool>> Offered { get; } = p => p.IsVisible && p.RetiredAt == null;

    private static readonly Func<Plan, bool> IsOfferedCompiled = Offered.Compile();

    public bool IsOffered => IsOfferedCompiled(this);

    /// <summary>
    /// Whether the plan can cost anything: a monthly fee, or a price per 1,000 calls ("pay as you go" with no fee still
    /// bills every call). Such a plan is shown with its quote first and needs a payment method and a buyer.
    /// </summary>
    public bool Charges => MonthlyPrice > 0 || OveragePricePer1000 > 0;
}
