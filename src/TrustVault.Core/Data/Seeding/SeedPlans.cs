using TrustVault.Core.Catalog;

namespace TrustVault.Core.Data.Seeding;

/// <summary>The plans of the seeded catalogs, each from a few numbers.</summary>
internal static class SeedPlans
{
    public static PlanInput Free(long calls, int perSecond = 2) => new()
    {
        Name = "Free",
        MonthlyPrice = 0,
        IncludedCallsPerMonth = calls,
        RateLimitPerSecond = perSecond,
        RateLimitPerMinute = perSecond * 30,
    };

    public static PlanInput Paid(string name, decimal price, long calls, decimal? overage, int perSecond, int trialDays = 0, string currency = "USD") => new()
    {
        Name = name,
        MonthlyPrice = price,
        Currency = currency,
        IncludedCallsPerMonth = calls,
        OveragePricePer1000 = overage,
        RateLimitPerSecond = perSecond,
        RateLimitPerMinute = perSecond * 60,
        TrialDays = trialDays,
    };

    /// <summary>The listing's plans, checked and made as a provider's are.</summary>
    public static IEnumerable<Plan> For(Listing listing, IEnumerable<PlanInput> inputs) => inputs.Select(PlanRules.Validate).Select(input =>
    {
        var plan = new Plan { ListingId = listing.Id, Name = input.Name };
        ListingService.ApplyTerms(plan, input);
        return plan;
    });
}
