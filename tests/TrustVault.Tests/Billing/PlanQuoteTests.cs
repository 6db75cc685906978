using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Tests.Billing;

public sealed class PlanQuoteTests
{
    private static readonly Guid Listing = Guid.NewGuid();

    private static DateTimeOffset Nov(int day) => new(2026, 11, day, 0, 0, 0, TimeSpan.Zero);

    private static Plan Plan(string name, decimal price, int trialDays = 0, decimal? overage = null) => new()
    {
        ListingId = Listing,
        Name = name,
        MonthlyPrice = price,
        TrialDays = trialDays,
        IncludedCallsPerMonth = 10_000,
        OveragePricePer1000 = overage,
    };

    private static (Subscription Subscription, Dictionary<Guid, Plan> Plans) Subscribed(Plan plan, DateTimeOffset at) =>
        (Subscription.Start(Guid.NewGuid(), plan, at), new() { [plan.Id] = plan });

    [Fact]
    public void A_paid_plan_without_trial_is_first_charged_at_the_end_of_the_month_for_the_rest_of_it()
    {
        // From the 16th: 15 of November's 30 days of a 30.00 plan.
        var quote = PlanQuote.ForNewSubscription("Tides", Plan("Pro", 30m, overage: 0.5m), Nov(16));

        Assert.Equal((PlanQuoteKind.NewSubscription, (DateTimeOffset?)null), (quote.Kind, quote.TrialEndsAt));
        Assert.Equal((Nov(1).AddMonths(1), 15.00m), (quote.FirstChargeAt!.Value, quote.FirstChargeAmount));
        Assert.Null(quote.ProratedAmount);
        Assert.Equal((10_000L, 0.5m, "USD"), (quote.IncludedCallsPerMonth, quote.OveragePricePer1000!.Value, quote.Currency));
    }

    [Fact]
    public void A_trial_delays_the_fee_to_its_end()
    {
        // A 7-day trial from the 10th: paid from the 17th, 14 of 30 days.
        var quote = PlanQuote.ForNewSubscription("Tides", Plan("Pro", 30m, trialDays: 7), Nov(10));

        Assert.Equal(Nov(17), quote.TrialEndsAt);
        Assert.Equal((Nov(1).AddMonths(1), 14.00m), (quote.FirstChargeAt!.Value, quote.FirstChargeAmount));
    }

    [Fact]
    public void A_trial_into_next_month_moves_the_first_charge_to_that_month_end()
    {
        // A 14-day trial from 28 November ends 12 December: paid 20 of December's 31 days, charged 1 January.
        var quote = PlanQuote.ForNewSubscription("Tides", Plan("Pro", 31m, trialDays: 14), Nov(28));

        Assert.Equal(new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.Zero), quote.TrialEndsAt);
        Assert.Equal((new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), 20.00m), (quote.FirstChargeAt!.Value, quote.FirstChargeAmount));
    }

    [Fact]
    public void A_free_plan_is_never_charged()
    {
        var quote = PlanQuote.ForNewSubscription("Tides", Plan("Free", 0m), Nov(16));

        Assert.False(quote.IsPaid);
        Assert.Null(quote.FirstChargeAt);
        Assert.Equal(0m, quote.FirstChargeAmount);
    }

    [Fact]
    public void An_upgrade_applies_now_and_prorates_the_new_plan_over_the_rest_of_the_month()
    {
        var basic = Plan("Basic", 10m);
        var pro = Plan("Pro", 40m);
        var (subscription, plans) = Subscribed(basic, Nov(1).AddMonths(-1));

        var quote = PlanQuote.ForChange("Tides", subscription, plans, pro, Nov(16));

        Assert.Equal((PlanQuoteKind.Upgrade, Nov(16), "Basic"), (quote.Kind, quote.AppliesAt, quote.CurrentPlanName));
        Assert.Equal(20.00m, quote.ProratedAmount);
        // Basic's first half (5.00) and Pro's second half (20.00) on November's invoice.
        Assert.Equal((Nov(1).AddMonths(1), 25.00m), (quote.FirstChargeAt!.Value, quote.FirstChargeAmount));
        Assert.Single(subscription.Terms);
    }

    [Fact]
    public void A_downgrade_applies_at_the_month_end_and_is_charged_a_full_month_later()
    {
        var basic = Plan("Basic", 10m);
        var pro = Plan("Pro", 40m);
        var (subscription, plans) = Subscribed(pro, Nov(1).AddMonths(-1));

        var quote = PlanQuote.ForChange("Tides", subscription, plans, basic, Nov(16));

        Assert.Equal((PlanQuoteKind.Downgrade, Nov(1).AddMonths(1)), (quote.Kind, quote.AppliesAt));
        Assert.Null(quote.ProratedAmount);
        Assert.Equal((Nov(1).AddMonths(2), 10.00m), (quote.FirstChargeAt!.Value, quote.FirstChargeAmount));
    }

    [Fact]
    public void An_upgrade_during_a_trial_to_a_plan_without_one_ends_the_trial_and_charges_from_the_upgrade()
    {
        var starter = Plan("Starter", 10m, trialDays: 10);
        var pro = Plan("Pro", 30m);
        var (subscription, plans) = Subscribed(starter, Nov(10));

        var quote = PlanQuote.ForChange("Tides", subscription, plans, pro, Nov(12));

        Assert.Null(quote.TrialEndsAt);
        // Pro from the upgrade on the 12th: 19 of 30 days; the trial days before it stay free.
        Assert.Equal(19.00m, quote.ProratedAmount);
        Assert.Equal((Nov(1).AddMonths(1), 19.00m), (quote.FirstChargeAt!.Value, quote.FirstChargeAmount));
    }

    [Fact]
    public void An_upgrade_during_a_trial_to_a_plan_with_a_shorter_trial_keeps_the_trial_up_to_that_length()
    {
        var starter = Plan("Starter", 10m, trialDays: 10);
        var pro = Plan("Pro", 30m, trialDays: 3);
        var (subscription, plans) = Subscribed(starter, Nov(10));

        var quote = PlanQuote.ForChange("Tides", subscription, plans, pro, Nov(12));

        Assert.Equal(Nov(15), quote.TrialEndsAt);
        // Pro from the trial's end on the 15th: 16 of 30 days.
        Assert.Equal((Nov(1).AddMonths(1), 16.00m), (quote.FirstChargeAt!.Value, quote.FirstChargeAmount));
    }
}
