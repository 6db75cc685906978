using TrustVault.Core.Catalog;
using TrustVault.Core.Errors;

namespace TrustVault.Tests.Catalog;

public sealed class PlanRulesTests
{
    private static readonly PlanInput Valid = new()
    {
        Name = " Starter ",
        MonthlyPrice = 19.99m,
        Currency = "usd",
        IncludedCallsPerMonth = 10_000,
        OveragePricePer1000 = 0.5m,
        RateLimitPerSecond = 5,
        RateLimitPerMinute = 100,
        TrialDays = 14,
    };

    [Fact]
    public void A_valid_plan_is_trimmed_and_normalised()
    {
        var clean = PlanRules.Validate(Valid);

        Assert.Equal("Starter", clean.Name);
        Assert.Equal("USD", clean.Currency);
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(-0.01)]
    public void A_negative_price_is_an_error_not_a_free_plan(double price)
    {
        var error = Assert.Throws<InvalidInputException>(() => PlanRules.Validate(Valid with { MonthlyPrice = (decimal)price, TrialDays = 0 }));

        Assert.Equal(["A price cannot be negative: enter 0 for a free plan."], error.Errors["MonthlyPrice"]);
    }

    [Fact]
    public void A_hard_cap_at_zero_calls_is_refused_and_zero_included_calls_with_overage_is_pay_as_you_go()
    {
        var error = Assert.Throws<InvalidInputException>(() => PlanRules.Validate(Valid with { IncludedCallsPerMonth = 0, OveragePricePer1000 = null }));

        Assert.Equal(["A hard cap at 0 calls refuses every call: include some calls, or charge for each 1,000 instead."], error.Errors["IncludedCallsPerMonth"]);
        Assert.Equal(0, PlanRules.Validate(Valid with { IncludedCallsPerMonth = 0, OveragePricePer1000 = 1.5m }).IncludedCallsPerMonth);
    }

    [Theory]
    [InlineData(10_000, true)]
    [InlineData(10_000.0001, false)]
    [InlineData(1e20, false)]
    public void An_overage_price_is_capped_so_that_no_invoice_overflows(double price, bool accepted)
    {
        var input = Valid with { OveragePricePer1000 = (decimal)price };

        if (accepted)
        {
            Assert.Equal((decimal)price, PlanRules.Validate(input).OveragePricePer1000);
        }
        else
        {
            Assert.Equal(["Enter at most 10,000 per 1,000 calls, or choose a hard cap."], Assert.Throws<InvalidInputException>(() => PlanRules.Validate(input)).Errors["OveragePricePer1000"]);
        }
    }

    [Theory]
    [InlineData("MonthlyPrice")]
    [InlineData("Currency")]
    [InlineData("RateLimitPerMinute")]
    [InlineData("RateLimitPerSecond")]
    [InlineData("TrialDays")]
    [InlineData("OveragePricePer1000")]
    [InlineData("Name")]
    public void Each_broken_rule_names_its_field(string field)
    {
        var input = field switch
        {
            "MonthlyPrice" => Valid with { MonthlyPrice = 9.999m },
            "Currency" => Valid with { Currency = "XYZ" },
            "RateLimitPerMinute" => Valid with { RateLimitPerSecond = 10, RateLimitPerMinute = 5 },
            "RateLimitPerSecond" => Valid with { RateLimitPerSecond = 0, RateLimitPerMinute = 100 },
            "TrialDays" => Valid with { MonthlyPrice = 0, TrialDays = 7 },
            "OveragePricePer1000" => Valid with { OveragePricePer1000 = -1 },
            _ => Valid with { Name = "  " },
        };

        var error = Assert.Throws<InvalidInputException>(() => PlanRules.Validate(input));

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public void A_hard_cap_is_a_plan_without_overage_price()
    {
        var clean = PlanRules.Validate(Valid with { OveragePricePer1000 = null });

        Assert.Null(clean.OveragePricePer1000);
    }

    [Fact]
    public void Changing_only_name_or_visibility_keeps_the_terms()
    {
        var plan = new Plan { Name = "Starter", MonthlyPrice = 19.99m, IncludedCallsPerMonth = 10_000, OveragePricePer1000 = 0.5m, RateLimitPerSecond = 5, RateLimitPerMinute = 100, TrialDays = 14 };
        var same = PlanInput.From(plan);

        Assert.False((same with { Name = "Starter 2024", IsVisible = false }).ChangesTermsOf(plan));
        Assert.True((same with { MonthlyPrice = 24.99m }).ChangesTermsOf(plan));
        Assert.True((same with { OveragePricePer1000 = null }).ChangesTermsOf(plan));
    }
}
