namespace TrustVault.Core.Catalog;

/// <summary>What a provider enters for a plan; checked by <see cref="PlanRules"/>.</summary>
public sealed record PlanInput
{
    public string Name { get; init; } = "";
    public decimal MonthlyPrice { get; init; }
    public string Currency { get; init; } = "USD";
    public long IncludedCallsPerMonth { get; init; } = 1000;

    /// <summary>Null for a hard cap at the included calls.</summary>
    public decimal? OveragePricePer1000 { get; init; }

    public int RateLimitPerSecond { get; init; } = 5;
    public int RateLimitPerMinute { get; init; } = 100;
    public int TrialDays { get; init; }
    public bool IsVisible { get; init; } = true;

    public static PlanInput From(Plan plan) => new()
    {
        Name = plan.Name,
        MonthlyPrice = plan.MonthlyPrice,
        Currency = plan.Currency,
        IncludedCallsPerMonth = plan.IncludedCallsPerMonth,
        OveragePricePer1000 = plan.OveragePricePer1000,
        RateLimitPerSecond = plan.RateLimitPerSecond,
        RateLimitPerMinute = plan.RateLimitPerMinute,
        TrialDays = plan.TrialDays,
        IsVisible = plan.IsVisible,
    };

    /// <summary>Whether the two differ in what a subscriber pays or gets (everything but name and visibility).</summary>
    public bool ChangesTermsOf(Plan plan) =>
        MonthlyPrice != plan.MonthlyPrice
        || !string.Equals(Currency, plan.Currency, StringComparison.Ordinal)
        || IncludedCallsPerMonth != plan.IncludedCallsPerMonth
        || OveragePricePer1000 != plan.OveragePricePer1000
        || RateLimitPerSecond != plan.RateLimitPerSecond
        || RateLimitPerMinute != plan.RateLimitPerMinute
        || TrialDays != plan.TrialDays;
}
