using TrustVault.Core.Billing;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Tests.Billing;

public sealed class InvoiceCalculatorTests
{
    private static readonly BillingPeriod November = BillingPeriod.MonthOf(new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero));

    private static DateTimeOffset Nov(int day) => new(2026, 11, day, 0, 0, 0, TimeSpan.Zero);

    private static BilledTerm Term(
        string name, decimal price, DateTimeOffset from, DateTimeOffset? to = null, long included = 1_000, decimal? overage = null, string currency = "USD") =>
        new(Guid.NewGuid(), name, price, currency, included, overage, from, to);

    private static BilledSubscription Subscription(
        DateTimeOffset started, IReadOnlyList<BilledTerm> terms, long calls = 0, DateTimeOffset? trialEnds = null, DateTimeOffset? ends = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Tides", Guid.NewGuid(), started, trialEnds, ends, terms, calls);

    [Fact]
    public void A_whole_month_on_one_plan_costs_its_monthly_price()
    {
        var line = Assert.Single(InvoiceCalculator.Lines(November, Subscription(Nov(1).AddMonths(-2), [Term("Pro", 30m, Nov(1).AddMonths(-2))])));

        Assert.Equal((InvoiceLineKind.Fee, 1m, 30m), (line.Kind, line.Quantity, line.Amount));
    }

    [Fact]
    public void The_fee_starts_when_the_trial_ends()
    {
        // Started on the 10th with a 7-day trial: paid from the 17th, 14 of November's 30 days.
        var line = Assert.Single(InvoiceCalculator.Lines(November, Subscription(Nov(10), [Term("Pro", 30m, Nov(10))], trialEnds: Nov(17))));

        Assert.Equal(14.00m, line.Amount);
        Assert.Contains("prorated", line.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upgrade_mid_month_prorates_both_plans()
    {
        var basic = Term("Basic", 10m, Nov(1).AddMonths(-1), Nov(16));
        var pro = Term("Pro", 40m, Nov(16));

        var lines = InvoiceCalculator.Lines(November, Subscription(Nov(1).AddMonths(-1), [pro, basic]));

        Assert.Equal([5.00m, 20.00m], lines.Select(l => l.Amount));
        Assert.Equal([(1m, 5.00m), (1m, 20.00m)], lines.Select(l => (l.Quantity, l.UnitAmount)));
        Assert.Contains("prorated from 10.00 USD a month", lines[0].Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(29, 17)]
    [InlineData(299, 21)]
    [InlineData(49.99, 2)]
    public void A_prorated_line_reads_as_quantity_times_unit_price_equals_its_amount(decimal price, int fromDay)
    {
        // A third of 299.00 is 99.67, where a share shown to four places (0.3333) times the price would read 99.66;
        // and a share as a rounded percentage in the description would not multiply out either.
        var line = Assert.Single(InvoiceCalculator.Lines(November, Subscription(Nov(fromDay), [Term("Pro", price, Nov(fromDay))])));

        Assert.Equal(Money.ToMinorUnits(price * (31 - fromDay) / 30, "USD"), line.Amount);
        Assert.Equal(line.Amount, line.Quantity * line.UnitAmount);
        Assert.DoesNotContain("%", line.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Halves_of_a_cent_round_away_from_zero()
    {
        // 0.05 for half the month is 0.025: 0.03 on the invoice, where banker's rounding would say 0.02.
        var line = Assert.Single(InvoiceCalculator.Lines(November, Subscription(Nov(16), [Term("Tiny", 0.05m, Nov(16))])));

        Assert.Equal(0.03m, line.Amount);
    }

    [Theory]
    [InlineData("JPY", 1000, 467, 1500, 4500, "prorated from 1,000 JPY")]
    [InlineData("KWD", 10.005, 4.669, 0.0075, 0.023, "prorated from 10.005 KWD")]
    public void Lines_are_rounded_to_the_minor_unit_of_their_currency(
        string currency, decimal price, decimal fee, decimal overagePrice, decimal overage, string shown)
    {
        // 14 of November's 30 days: 466.666… yen, or 4.669 dinars exactly; three started thousands over the quota.
        var term = Term("Pro", price, Nov(1).AddMonths(-1), included: 0, overage: overagePrice, currency: currency);
        var lines = InvoiceCalculator.Lines(November, Subscription(Nov(17), [term], calls: 2_500));

        Assert.Equal([fee, overage], lines.Select(l => l.Amount));
        Assert.Contains(shown, lines[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subscription_that_ends_in_the_period_pays_up_to_its_end()
    {
        var line = Assert.Single(InvoiceCalculator.Lines(November, Subscription(Nov(1), [Term("Pro", 30m, Nov(1))], ends: Nov(11))));

        Assert.Equal(10.00m, line.Amount);
    }

    [Theory]
    [InlineData(1_000, 0)]
    [InlineData(1_001, 1)]
    [InlineData(2_500, 2)]
    [InlineData(3_000, 2)]
    public void Overage_is_billed_per_started_thousand_calls_past_the_included_ones(long calls, int blocks)
    {
        var lines = InvoiceCalculator.Lines(November, Subscription(Nov(1), [Term("Pay as you go", 0m, Nov(1), overage: 0.50m)], calls));

        var overage = lines.Where(l => l.Kind == InvoiceLineKind.Overage).ToList();
        Assert.Equal(blocks, overage.Sum(l => (int)l.Quantity));
        Assert.Equal(blocks * 0.50m, overage.Sum(l => l.Amount));
    }

    [Fact]
    public void A_hard_capped_plan_never_bills_overage_and_free_plans_bill_nothing()
    {
        Assert.Empty(InvoiceCalculator.Lines(November, Subscription(Nov(1), [Term("Free", 0m, Nov(1))], calls: 50_000)));
    }

    [Fact]
    public void Overage_follows_the_plan_in_force_at_the_end_of_the_period()
    {
        var starter = Term("Starter", 0m, Nov(1), Nov(20), included: 100, overage: 5m);
        var scale = Term("Scale", 0m, Nov(20), included: 10_000, overage: 1m);

        var lines = InvoiceCalculator.Lines(November, Subscription(Nov(1), [starter, scale], calls: 12_000));

        var overage = Assert.Single(lines);
        Assert.Equal((scale.PlanId, 2m, 2.00m), (overage.PlanId, overage.Quantity, overage.Amount));
    }

    [Theory]
    [InlineData(100, 20, 20, 80)]
    [InlineData(0.05, 20, 0.01, 0.04)]
    [InlineData(33.33, 15, 5.00, 28.33)]
    public void The_platform_fee_is_rounded_to_cents_and_the_provider_gets_the_rest(decimal gross, decimal percent, decimal fee, decimal net)
    {
        var share = RevenueShare.Of(gross, percent, "USD");

        Assert.Equal((fee, net), (share.PlatformFee, share.Net));
        Assert.Equal(gross, share.PlatformFee + share.Net);
    }

    [Theory]
    [InlineData(new[] { 29.63, 29.63 }, new[] { 5.93, 5.92 })]
    [InlineData(new[] { 0.03, 0.03, 0.03 }, new[] { 0.01, 0.01, 0.00 })]
    [InlineData(new[] { 10.02, 30.04, 0.0 }, new[] { 2.00, 6.01, 0.00 })]
    public void A_payout_s_fee_is_split_over_its_parts_by_largest_remainder(double[] grosses, double[] fees)
    {
        var parts = grosses.Select(g => (decimal)g).ToList();

        var shares = RevenueShare.Split(parts, 20, "USD");

        Assert.Equal(fees.Select(f => (decimal)f), shares.Select(s => s.PlatformFee));
        Assert.Equal(RevenueShare.Of(parts.Sum(), 20, "USD").PlatformFee, shares.Sum(s => s.PlatformFee));
        Assert.All(shares, s => Assert.Equal(s.Gross, s.PlatformFee + s.Net));
    }

    [Theory]
    [InlineData("JPY", 999, 15, 150, 849)]
    [InlineData("KWD", 33.333, 15, 5.000, 28.333)]
    [InlineData("BHD", 0.005, 20, 0.001, 0.004)]
    public void The_platform_fee_is_rounded_to_the_minor_unit_of_the_currency(string currency, decimal gross, decimal percent, decimal fee, decimal net)
    {
        var share = RevenueShare.Of(gross, percent, currency);

        Assert.Equal((fee, net), (share.PlatformFee, share.Net));
    }

    [Theory]
    [InlineData("JPY", new[] { 333.0, 333.0, 334.0 }, new[] { 67.0, 66.0, 67.0 })]
    [InlineData("KWD", new[] { 1.234, 2.345, 3.456 }, new[] { 0.247, 0.469, 0.691 })]
    public void A_payout_s_fee_is_split_in_whole_minor_units_of_its_currency(string currency, double[] grosses, double[] fees)
    {
        var parts = grosses.Select(g => (decimal)g).ToList();

        var shares = RevenueShare.Split(parts, 20, currency);

        Assert.Equal(fees.Select(f => (decimal)f), shares.Select(s => s.PlatformFee));
        Assert.Equal(RevenueShare.Of(parts.Sum(), 20, currency).PlatformFee, shares.Sum(s => s.PlatformFee));
    }

    [Theory]
    [InlineData("4242 4242 4242 4242", 12, 2030, "123", null)]
    [InlineData("4242 4242 4242 4241", 12, 2030, "123", "Number")]
    [InlineData("4242 4242 4242 4242", 10, 2026, "123", "Expiry")]
    [InlineData("4242 4242 4242 4242", 13, 2030, "123", "Expiry")]
    [InlineData("4242 4242 4242 4242", 12, 2030, "12a", "Cvc")]
    public void The_simulated_card_form_checks_number_expiry_and_cvc(string number, int month, int year, string cvc, string? badField)
    {
        var card = new TestCard(number, month, year, cvc);
        var today = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

        var error = Record.Exception(() => card.Validate(today));

        Assert.Equal(badField, (error as TrustVault.Core.Errors.InvalidInputException)?.Errors.Keys.Single());
    }
}
