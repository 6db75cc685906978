using TrustVault.Core.Errors;

namespace TrustVault.Core.Catalog;

/// <summary>The rules a plan's terms follow.</summary>
public static class PlanRules
{
    public const int NameMaxLength = 50;
    public const int MaxTrialDays = 90;
    public const decimal MaxMonthlyPrice = 1_000_000m;
    public const decimal MaxOveragePricePer1000 = 10_000m;
    public const int MaxRatePerSecond = 10_000;
    public const long MaxIncludedCallsPerMonth = 1_000_000_000_000;

    /// <summary>ISO 4217 codes the platform bills in.</summary>
    public static IReadOnlyList<string> Currencies { get; } = ["USD", "EUR", "GBP"];

    /// <summary>
    /// A plan's rate limits when one or both were left out: <see cref="PlanInput"/>'s defaults, the one left out moved into
    /// the range <see cref="Validate"/> accepts with the one given (per minute: from the per-second limit to 60 times it).
    /// A given limit that is itself out of range keeps the other's default, so the error names the field that was sent.
    /// </summary>
    public static (int PerSecond, int PerMinute) RateLimits(int? perSecond, int? perMinute)
    {
        var defaults = new PlanInput();
        return (perSecond, perMinute) switch
        {
            ({ } second, null) when second is >= 1 and <= MaxRatePerSecond => (second, Math.Clamp(defaults.RateLimitPerMinute, second, second * 60)),
            (null, { } minute) when minute >= 1 =>
                (Math.Clamp(defaults.RateLimitPerSecond, Math.Min(((minute - 1) / 60) + 1, MaxRatePerSecond), Math.Min(minute, MaxRatePerSecond)), minute),
            _ => (perSecond ?? defaults.RateLimitPerSecond, perMinute ?? defaults.RateLimitPerMinute),
        };
    }

    public static PlanInput Validate(PlanInput input)
    {
        var clean = input with { Name = input.Name.Trim(), Currency = input.Currency.Trim().ToUpperInvariant() };
        var errors = new ValidationErrors();
        if (clean.Name.Length is 0 or > NameMaxLength)
        {
            errors.Add("Name", $"Enter a name of at most {NameMaxLength} characters.");
        }
        else if (!DisplayName.IsReadable(clean.Name))
        {
            errors.Add("Name", DisplayName.Refusal);
        }

        if (clean.MonthlyPrice < 0)
        {
            errors.Add("MonthlyPrice", "A price cannot be negative: enter 0 for a free plan.");
        }
        else if (clean.MonthlyPrice > MaxMonthlyPrice)
        {
            errors.Add("MonthlyPrice", $"Enter a price from 0 (free) to {MaxMonthlyPrice:N0}.");
        }
        else if (decimal.Round(clean.MonthlyPrice, 2) != clean.MonthlyPrice)
        {
            errors.Add("MonthlyPrice", "Use at most two decimals (whole cents).");
        }

        if (!Currencies.Contains(clean.Currency))
        {
            errors.Add("Currency", $"Choose one of {string.Join(", ", Currencies)}.");
        }

        if (clean.IncludedCallsPerMonth is < 0 or > MaxIncludedCallsPerMonth)
        {
            errors.Add("IncludedCallsPerMonth", $"Enter 0 to {MaxIncludedCallsPerMonth:N0} calls.");
        }
        else if (clean.IncludedCallsPerMonth == 0 && clean.OveragePricePer1000 is null)
        {
            errors.Add("IncludedCallsPerMonth", "A hard cap at 0 calls refuses every call: include some calls, or charge for each 1,000 instead.");
        }

        if (clean.OveragePricePer1000 is < 0)
        {
            errors.Add("OveragePricePer1000", "Enter 0 or more, or choose a hard cap.");
        }
        else if (clean.OveragePricePer1000 > MaxOveragePricePer1000)
        {
            // A month's overage (calls over the quota ÷ 1,000 × this) must stay far inside decimal's range on any invoice.
            errors.Add("OveragePricePer1000", $"Enter at most {MaxOveragePricePer1000:N0} per 1,000 calls, or choose a hard cap.");
        }
        else if (clean.OveragePricePer1000 is { } overage && decimal.Round(overage, 4) != overage)
        {
            errors.Add("OveragePricePer1000", "Use at most four decimals.");
        }

        if (clean.RateLimitPerSecond is < 1 or > MaxRatePerSecond)
        {
            errors.Add("RateLimitPerSecond", $"Enter 1 to {MaxRatePerSecond:N0} requests per second.");
        }
        else if (clean.RateLimitPerMinute < clean.RateLimitPerSecond || clean.RateLimitPerMinute > clean.RateLimitPerSecond * 60)
        {
            // Only against a valid per-second limit: a wrong one is that field's fault, not this one's.
            errors.Add("RateLimitPerMinute", "Enter at least the per-second limit and at most 60 times it.");
        }

        if (clean.TrialDays is < 0 or > MaxTrialDays)
        {
            errors.Add("TrialDays", $"Enter 0 to {MaxTrialDays} days.");
        }

        if (clean.MonthlyPrice == 0 && clean.TrialDays > 0)
        {
            errors.Add("TrialDays", "A free plan needs no trial.");
        }

        errors.ThrowIfAny();
        return clean;
    }
}
