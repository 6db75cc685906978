using TrustVault.Core.Analytics.BusinessIntelligence;

namespace TrustVault.Tests.Analytics;

public sealed class BusinessIntelligenceTests
{
    private static readonly DateOnly January = new(2026, 1, 1);
    private static readonly DateOnly June = new(2026, 6, 1);

    /// <summary>
    /// Hand-computed fixture, January to June 2026 (month-end MRR per customer):
    ///        Jan  Feb  Mar  Apr  May  Jun
    ///   A    100  100  150  150  150  150   new; upgrade on 15 Mar (expansion)
    ///   B    100  100  100   60   60   60   annual $1,200 = $100/month; downgrade on 1 Apr (contraction)
    ///   C      0   80   80   80    0   90   trial in January excluded; ends 1 May (churn); back 10 Jun (reactivation)
    ///   D      0   50    0    0    0    0   cancelled 20 Mar (churn)
    ///   H      0    0    0    0  200  120   two subscriptions; one of them cancelled in June (contraction)
    ///   E is only ever on a trial, F only pays a one-off usage charge, G joins and leaves within April.
    /// </summary>
    private static List<RevenueStream> Fixture() =>
    [
        Stream("A", "a1", "search", "acme", Utc(2026, 1, 10), Utc(2026, 3, 15), 100),
        Stream("A", "a2", "search", "acme", Utc(2026, 3, 15), null, 150),
        Stream("B", "b1", "geo", "acme", Utc(2026, 1, 20), Utc(2026, 4, 1), RecurringAmount.ToMonthly(1200, BillingInterval.Year)),
        Stream("B", "b2", "geo", "acme", Utc(2026, 4, 1), null, 60),
        Stream("C", "c0", "ocr", "lingo", Utc(2026, 1, 5), Utc(2026, 2, 5), 80) with { IsTrial = true },
        Stream("C", "c1", "ocr", "lingo", Utc(2026, 2, 5), Utc(2026, 5, 1), 80),
        Stream("C", "c2", "ocr", "lingo", Utc(2026, 6, 10), null, 90),
        Stream("D", "d1", "translate", "lingo", Utc(2026, 2, 1), Utc(2026, 3, 20), 50),
        Stream("E", "e1", "search", "acme", Utc(2026, 3, 1), Utc(2026, 3, 31), 70) with { IsTrial = true },
        Stream("G", "g1", "search", "acme", Utc(2026, 4, 3), Utc(2026, 4, 25), 40),
        Stream("H", "h1", "geo", "acme", Utc(2026, 5, 1), null, 120),
        Stream("H", "h2", "translate", "lingo", Utc(2026, 5, 1), Utc(2026, 6, 15), 80),
    ];

    private static readonly OneOffCharge[] UsageCharges =
    [
        new("F", "translate", "lingo", Utc(2026, 4, 12), 500, "USD"),
        new("A", "search", "acme", Utc(2026, 5, 2), 25, "USD"),
    ];

    [Fact]
    public void Fixture_MRR_customers_and_movements_match_the_hand_computed_table()
    {
        var report = RevenueAnalyzer.Analyze(Fixture(), January, June, oneOffCharges: UsageCharges);

        Assert.Equal("USD", report.Currency);
        Assert.Equal(Enumerable.Range(0, 6).Select(m => January.AddMonths(m)), report.Months.Select(m => m.Month));
        Assert.Equal(new decimal[] { 200, 330, 330, 290, 410, 420 }, report.Months.Select(m => Math.Round(m.Mrr, 2)));
        Assert.Equal(new decimal[] { 2400, 3960, 3960, 3480, 4920, 5040 }, report.Months.Select(m => Math.Round(m.Arr, 2)));
        Assert.Equal(new[] { 2, 4, 3, 3, 3, 4 }, report.Months.Select(m => m.Customers));
        Assert.Equal(new[] { 0, 2, 4, 3, 3, 3 }, report.Months.Select(m => m.StartingCustomers));
        Assert.Equal(new decimal[] { 0, 0, 0, 500, 25, 0 }, report.Months.Select(m => m.NonRecurringRevenue));

        Assert.Equal(
            new[]
            {
                new MrrMovements(200, 0, 0, 0, 0),
                new MrrMovements(130, 0, 0, 0, 0),
                new MrrMovements(0, 50, 0, 50, 0),
                new MrrMovements(0, 0, 40, 0, 0),
                new MrrMovements(200, 0, 0, 80, 0),
                new MrrMovements(0, 0, 80, 0, 90),
            },
            report.Months.Select(m => Rounded(m.Movements)));
        Assert.Equal(new decimal[] { 200, 130, 0, -40, 120, 10 }, report.Months.Select(m => Math.Round(m.Movements.NetNew, 2)));
        Assert.Equal(new MovementCounts(2, 0, 0, 0, 0), report.Months[0].MovementCounts);
        Assert.Equal(new MovementCounts(0, 0, 1, 0, 1), report.Months[5].MovementCounts);

        var movements = report.Movements.Select(m => (m.Month.Month, m.CustomerId, m.Kind, Math.Round(m.Change, 2))).ToList();
        Assert.Equal(
            new[]
            {
                (1, "A", MovementKind.New, 100m), (1, "B", MovementKind.New, 100m),
                (2, "C", MovementKind.New, 80m), (2, "D", MovementKind.New, 50m),
                (3, "A", MovementKind.Expansion, 50m), (3, "D", MovementKind.Churn, -50m),
                (4, "B", MovementKind.Contraction, -40m),
                (5, "C", MovementKind.Churn, -80m), (5, "H", MovementKind.New, 200m),
                (6, "C", MovementKind.Reactivation, 90m), (6, "H", MovementKind.Contraction, -80m),
            },
            movements);
    }

    [Fact]
    public void Fixture_churn_retention_ARPU_and_LTV_match_the_hand_computed_values()
    {
        var months = RevenueAnalyzer.Analyze(Fixture(), January, June).Months;

        // Logo churn = churned ÷ customers at the start: D left 4 in March, C left 3 in May.
        Assert.Equal(new decimal?[] { null, 0, 0.25m, 0, R(1m / 3), 0 }, months.Select(m => R(m.LogoChurnRate)));
        // Gross = (churn + contraction) ÷ starting MRR; net also subtracts expansion and reactivation.
        Assert.Equal(new decimal?[] { null, 0, R(50m / 330), R(40m / 330), R(80m / 290), R(80m / 410) }, months.Select(m => R(m.GrossMrrChurnRate)));
        Assert.Equal(new decimal?[] { null, 0, 0, R(40m / 330), R(80m / 290), R(-10m / 410) }, months.Select(m => R(m.NetMrrChurnRate)));
        // NRR = (starting + expansion − contraction − churn) ÷ starting; C's June reactivation is not in it.
        Assert.Equal(new decimal?[] { null, 1, 1, R(290m / 330), R(210m / 290), R(330m / 410) }, months.Select(m => R(m.NetRevenueRetention)));
        Assert.All(months, m => Assert.Null(m.TrailingTwelveMonthNrr));
        Assert.Equal(new decimal?[] { 100, 82.5m, 110, R(290m / 3), R(410m / 3), 105 }, months.Select(m => R(m.Arpu)));
        // LTV = ARPU ÷ mean logo churn of the earlier months (up to six, current excluded):
        // April (0 + 0.25) / 2, May (0 + 0.25 + 0) / 3, June (0 + 0.25 + 0 + 1/3) / 4; null while that mean is 0.
        Assert.Equal(
            new decimal?[] { null, null, null, R(290m / 3 / 0.125m), R(410m / 3 / (0.25m / 3)), R(105m / (0.25m + (1m / 3)) * 4) },
            months.Select(m => R(m.Ltv)));
    }

    [Fact]
    public void Gross_margin_scales_LTV_and_a_shorter_churn_window_uses_fewer_months()
    {
        var june = RevenueAnalyzer.Analyze(Fixture(), January, June, new RevenueOptions(GrossMargin: 0.8m, LtvChurnMonths: 2)).Months[^1];

        // April 0 and May 1/3 → mean 1/6; 105 × 0.8 × 6 = 504.
        Assert.Equal(504m, R(june.Ltv));
    }

    [Fact]
    public void Trials_and_one_off_charges_change_nothing_but_non_recurring_revenue()
    {
        var paidOnly = Fixture().Where(s => !s.IsTrial).ToList();

        var with = RevenueAnalyzer.Analyze(Fixture(), January, June, oneOffCharges: UsageCharges);
        var without = RevenueAnalyzer.Analyze(paidOnly, January, June);

        Assert.Equal(without.Months, with.Months.Select(m => m with { NonRecurringRevenue = 0 }));
        Assert.DoesNotContain(with.Movements, m => m.CustomerId is "E" or "F" or "G");
    }

    [Fact]
    public void Cohort_table_follows_each_first_paid_month()
    {
        var cohorts = RevenueAnalyzer.Analyze(Fixture(), January, June).Cohorts;

        Assert.Equal(new[] { January, new DateOnly(2026, 2, 1), new DateOnly(2026, 5, 1) }, cohorts.Select(c => c.Month));
        var january = cohorts[0];
        Assert.Equal((2, 200m), (january.Customers, Math.Round(january.Mrr, 2)));
        Assert.Equal(new[] { 2, 2, 2, 2, 2, 2 }, january.Cells.Select(c => c.Customers));
        Assert.Equal(new decimal[] { 1, 1, 1.25m, 1.05m, 1.05m, 1.05m }, january.Cells.Select(c => R(c.RevenueRetention)!.Value));
        var february = cohorts[1];
        Assert.Equal(new[] { 2, 1, 1, 0, 1 }, february.Cells.Select(c => c.Customers));
        Assert.Equal(new decimal[] { 1, 0.5m, 0.5m, 0, 0.5m }, february.Cells.Select(c => c.CustomerRetention));
        Assert.Equal(new decimal[] { 130, 80, 80, 0, 90 }, february.Cells.Select(c => c.Mrr));
        Assert.Equal(new decimal[] { 1, 0.6m }, cohorts[2].Cells.Select(c => c.RevenueRetention));
    }

    [Fact]
    public void A_later_period_keeps_earlier_history_for_classification_but_lists_only_its_months()
    {
        var report = RevenueAnalyzer.Analyze(Fixture(), new DateOnly(2026, 5, 1), June);

        Assert.Equal(2, report.Months.Count);
        Assert.Equal(290m, Math.Round(report.Months[0].StartingMrr, 2));
        Assert.Contains(report.Movements, m => m is { CustomerId: "C", Kind: MovementKind.Reactivation });
        Assert.Equal([new DateOnly(2026, 5, 1)], report.Cohorts.Select(c => c.Month));
    }

    [Fact]
    public void Top_products_and_providers_rank_MRR_at_the_end_of_the_last_month()
    {
        var report = RevenueAnalyzer.Analyze(Fixture(), January, June);

        Assert.Equal(
            new[] { ("geo", 180m, 2), ("search", 150m, 1), ("ocr", 90m, 1) },
            report.TopProducts.Select(p => (p.Id, Math.Round(p.Mrr, 2), p.Customers)));
        Assert.Equal(
            new[] { ("acme", 330m, 3), ("lingo", 90m, 1) },
            report.TopProviders.Select(p => (p.Id, Math.Round(p.Mrr, 2), p.Customers)));
        Assert.Equal(R(330m / 420), R(report.TopProviders[0].Share));
    }

    /// <summary>
    /// ChartMogul, "Metric: MRR Churn Rate" (help.chartmogul.com/hc/en-us/articles/203359341): $100 MRR at the
    /// start of the month, $10 lost to churn, $10 to contraction, one customer adds $10: gross 20%, net 10%.
    /// </summary>
    [Fact]
    public void ChartMogul_MRR_churn_rate_example_gives_20_percent_gross_and_10_percent_net()
    {
        var streams = new List<RevenueStream>
        {
            Stream("x", "x", "p", "v", Utc(2026, 1, 1), Utc(2026, 2, 10), 10),
            Stream("y", "y1", "p", "v", Utc(2026, 1, 1), Utc(2026, 2, 10), 30),
            Stream("y", "y2", "p", "v", Utc(2026, 2, 10), null, 20),
            Stream("z", "z1", "p", "v", Utc(2026, 1, 1), Utc(2026, 2, 10), 20),
            Stream("z", "z2", "p", "v", Utc(2026, 2, 10), null, 30),
            Stream("w", "w", "p", "v", Utc(2026, 1, 1), null, 40),
        };

        var february = RevenueAnalyzer.Analyze(streams, January, new DateOnly(2026, 2, 1)).Months[1];

        Assert.Equal(100m, february.StartingMrr);
        Assert.Equal(0.2m, february.GrossMrrChurnRate);
        Assert.Equal(0.1m, february.NetMrrChurnRate);
    }

    /// <summary>
    /// ChartMogul, "Churn rate formulas" (help.chartmogul.com/hc/en-us/articles/207340419), Standard formula: 100
    /// customers at the start, 12 churn in the month, one of whom reactivated and one of whom joined during the
    /// month: the customer churn rate is 10%.
    /// </summary>
    [Fact]
    public void ChartMogul_customer_churn_example_gives_10_percent()
    {
        var streams = Enumerable.Range(0, 100).Select(i => Stream($"c{i}", $"s{i}", "p", "v", Utc(2026, 1, 1), i < 10 ? Utc(2026, 2, 5 + i) : null, 10)).ToList();
        streams.Add(Stream("c10", "s10b", "p", "v", Utc(2026, 2, 20), null, 10));
        streams[10] = streams[10] with { End = Utc(2026, 2, 12) };
        streams.Add(Stream("newcomer", "n", "p", "v", Utc(2026, 2, 3), Utc(2026, 2, 25), 10));

        var february = RevenueAnalyzer.Analyze(streams, January, new DateOnly(2026, 2, 1)).Months[1];

        Assert.Equal(100, february.StartingCustomers);
        Assert.Equal(0.1m, february.LogoChurnRate);
        Assert.Equal(90, february.Customers);
    }

    /// <summary>ChartMogul, "Average Revenue Per Account": customers paying $1, $1, $3, $5, $5 give an ARPA of $3.</summary>
    [Fact]
    public void ChartMogul_ARPA_example_gives_3_dollars()
    {
        var streams = new decimal[] { 1, 1, 3, 5, 5 }.Select((amount, i) => Stream($"c{i}", $"s{i}", "p", "v", Utc(2026, 1, 1), null, amount)).ToList();

        Assert.Equal(3m, RevenueAnalyzer.Analyze(streams, January, January).Months[0].Arpu);
    }

    /// <summary>
    /// ChartMogul, "Chart: Customer Lifetime Value" (help.chartmogul.com/hc/en-us/articles/203359061): an ARPA of
    /// $100 with a 5% six-month trailing customer churn rate gives an LTV of $2,000. Here 20 customers pay $100;
    /// every month one leaves and one joins.
    /// </summary>
    [Fact]
    public void ChartMogul_LTV_example_gives_2000_dollars()
    {
        var streams = Enumerable.Range(0, 20).Select(i => Stream($"c{i}", $"s{i}", "p", "v", Utc(2025, 1, 1), i < 8 ? Utc(2025, 2 + i, 10) : null, 100)).ToList();
        streams.AddRange(Enumerable.Range(0, 8).Select(i => Stream($"n{i}", $"n{i}", "p", "v", Utc(2025, 2 + i, 12), null, 100)));

        var august = RevenueAnalyzer.Analyze(streams, new DateOnly(2025, 8, 1), new DateOnly(2025, 8, 1)).Months[0];

        Assert.Equal(100m, august.Arpu);
        Assert.Equal(0.05m, august.LogoChurnRate);
        Assert.Equal(2000m, august.Ltv);
    }

    /// <summary>
    /// ChartMogul's "lifecycle of a subscription" (help.chartmogul.com/hc/en-us/articles/201244842): Syncalytics buys
    /// four Gold yearly plans for $2,000 (New Business $166.67), adds two Silver monthly plans for $60 (Expansion),
    /// cancels Silver (Contraction, it still has Gold), lets Gold run out at the end of the paid year (Churn) and
    /// re-subscribes to three Gold monthly plans at $50 (Reactivation $150). Each step is in its own month here.
    /// </summary>
    [Fact]
    public void ChartMogul_Syncalytics_lifecycle_gives_each_movement()
    {
        var streams = new List<RevenueStream>
        {
            Stream("syncalytics", "gold-yearly", "gold", "v", Utc(2025, 1, 15), Utc(2026, 1, 15), RecurringAmount.ToMonthly(2000, BillingInterval.Year)),
            Stream("syncalytics", "silver", "silver", "v", Utc(2025, 2, 10), Utc(2025, 4, 10), 60),
            Stream("syncalytics", "gold-monthly", "gold", "v", Utc(2026, 3, 5), null, 3 * 50),
        };

        var report = RevenueAnalyzer.Analyze(streams, new DateOnly(2025, 1, 1), new DateOnly(2026, 3, 1));

        Assert.Equal(
            new[]
            {
                ("2025-01", MovementKind.New, 166.67m), ("2025-02", MovementKind.Expansion, 60m), ("2025-04", MovementKind.Contraction, -60m),
                ("2026-01", MovementKind.Churn, -166.67m), ("2026-03", MovementKind.Reactivation, 150m),
            },
            report.Movements.Select(m => (m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), m.Kind, Math.Round(m.Change, 2))));
        Assert.Equal(2000m, Math.Round(report.Months[0].Arr, 2));
    }

    /// <summary>
    /// Baremetrics, "Monthly Recurring Revenue": $120 a year adds $10 to MRR. "6 mistakes companies make when
    /// calculating MRR": weekly prices use 52/12 (they round it to 4.33, so $10 a week shows as $43.30; unrounded it is $43.33).
    /// </summary>
    [Fact]
    public void Baremetrics_normalisation_turns_annual_and_weekly_prices_into_monthly()
    {
        Assert.Equal(10m, RecurringAmount.ToMonthly(120, BillingInterval.Year));
        Assert.Equal(43.33m, Math.Round(RecurringAmount.ToMonthly(10, BillingInterval.Week), 2));
        Assert.Equal(100m, RecurringAmount.ToMonthly(300, BillingInterval.Quarter));
    }

    /// <summary>
    /// SaaS Capital, "Essential SaaS Metrics: Revenue Retention Fundamentals": net revenue retention = (current MRR
    /// of the customers of a year ago) ÷ (MRR a year ago); gross retention leaves out the up-sells. A year-ago base
    /// of $100 + $200 + $300: the first churns, the second grows to $250, the third shrinks to $270, and a new
    /// $500 customer is not counted: NRR = 520 / 600, GRR = 470 / 600.
    /// </summary>
    [Fact]
    public void SaaS_Capital_trailing_twelve_month_retention_counts_only_last_years_customers()
    {
        var december2018 = Utc(2018, 12, 1);
        var streams = new List<RevenueStream>
        {
            Stream("a", "a", "p", "v", december2018, Utc(2019, 6, 1), 100),
            Stream("b", "b1", "p", "v", december2018, Utc(2019, 7, 1), 200),
            Stream("b", "b2", "p", "v", Utc(2019, 7, 1), null, 250),
            Stream("c", "c1", "p", "v", december2018, Utc(2019, 3, 1), 300),
            Stream("c", "c2", "p", "v", Utc(2019, 3, 1), null, 270),
            Stream("d", "d", "p", "v", Utc(2019, 9, 1), null, 500),
        };

        var december2019 = RevenueAnalyzer.Analyze(streams, new DateOnly(2019, 12, 1), new DateOnly(2019, 12, 1)).Months[0];

        Assert.Equal(R(520m / 600), R(december2019.TrailingTwelveMonthNrr));
        Assert.Equal(R(470m / 600), R(december2019.TrailingTwelveMonthGrr));
    }

    [Fact]
    public void Mixed_currencies_and_impossible_inputs_are_refused_with_the_field_named()
    {
        var mixed = Fixture();
        mixed.Add(Stream("Z", "z", "p", "v", Utc(2026, 1, 1), null, 10) with { Currency = "EUR" });
        var currency = Assert.Throws<ArgumentException>(() => RevenueAnalyzer.Analyze(mixed, January, June));
        Assert.Contains("EUR", currency.Message, StringComparison.Ordinal);

        var mixedCharge = new[] { UsageCharges[0] with { Currency = "GBP" } };
        Assert.Throws<ArgumentException>(() => RevenueAnalyzer.Analyze(Fixture(), January, June, oneOffCharges: mixedCharge));

        var backwards = new[] { Stream("A", "a", "p", "v", Utc(2026, 3, 1), Utc(2026, 2, 1), 10) };
        Assert.Equal("streams", Assert.Throws<ArgumentException>(() => RevenueAnalyzer.Analyze(backwards, January, June)).ParamName);
        var negative = new[] { Stream("A", "a", "p", "v", Utc(2026, 3, 1), null, -10) };
        Assert.Throws<ArgumentException>(() => RevenueAnalyzer.Analyze(negative, January, June));
        Assert.Equal("fromMonth", Assert.Throws<ArgumentException>(() => RevenueAnalyzer.Analyze(Fixture(), June, January)).ParamName);
        Assert.Throws<ArgumentException>(() => RevenueAnalyzer.Analyze(Fixture(), new DateOnly(2026, 1, 15), June));
        Assert.Throws<ArgumentOutOfRangeException>(() => RevenueAnalyzer.Analyze(Fixture(), January, June, new RevenueOptions(GrossMargin: 1.5m)));
    }

    [Fact]
    public void Streams_without_an_id_share_in_the_total_but_leave_the_top_places_to_named_ones()
    {
        List<RevenueStream> streams =
        [
            .. Enumerable.Range(0, 3).Select(i => Stream($"C{i}", $"s{i}", $"p{i}", $"v{i}", Utc(2026, 1, 5), null, 10 + i)),
            Stream("U", "u", "", "", Utc(2026, 1, 5), null, 100),
        ];

        var report = RevenueAnalyzer.Analyze(streams, January, January, new RevenueOptions { TopCount = 3 });

        Assert.Equal(["p2", "p1", "p0"], report.TopProducts.Select(p => p.Id));
        Assert.Equal(["v2", "v1", "v0"], report.TopProviders.Select(p => p.Id));
        Assert.Equal(R(12m / 133), R(report.TopProducts[0].Share));
    }

    [Fact]
    public void A_history_of_more_customer_months_than_the_limit_is_refused_before_it_is_built()
    {
        // 10,100 customers over the 997 months from 1943-01 to 2026-01: 10,069,700 cells, just past the limit.
        var streams = Enumerable.Range(0, 10_100).Select(i => Stream($"C{i}", $"s{i}", "p", "v", Utc(1943, 1, 5), null, 1)).ToList();

        var refused = Assert.Throws<ArgumentException>(() => RevenueAnalyzer.Analyze(streams, January, January));

        Assert.Equal("streams", refused.ParamName);
        Assert.Contains("10,069,700 customer-months", refused.Message, StringComparison.Ordinal);
        Assert.Single(RevenueAnalyzer.Analyze(streams[..1_000], January, January).Months);
    }

    [Fact]
    public void No_streams_give_empty_months_without_rates()
    {
        var report = RevenueAnalyzer.Analyze([], January, June);

        Assert.Null(report.Currency);
        Assert.Equal(6, report.Months.Count);
        Assert.All(report.Months, m => Assert.Equal((0m, 0, null, null), (m.Mrr, m.Customers, m.Arpu, m.LogoChurnRate)));
        Assert.Empty(report.Cohorts);
        Assert.Empty(report.TopProducts);
    }

    [Fact]
    public void Funnel_counts_ordered_steps_within_the_window_and_reports_step_and_overall_conversion()
    {
        var day0 = Utc(2026, 1, 1);
        FunnelEvent E(string subject, string step, int day) => new(subject, step, day0.AddDays(day));
        var events = new[]
        {
            E("u1", "visit", 0), E("u1", "signup", 1), E("u1", "subscribe", 2),
            E("u2", "visit", 0), E("u2", "signup", 7),                          // exactly at the 7-day bound: counts
            E("u3", "visit", 0), E("u3", "signup", 8),                          // too late
            E("u4", "signup", 0), E("u4", "subscribe", 1),                      // never entered
            E("u5", "subscribe", 0), E("u5", "visit", 1), E("u5", "signup", 2), // subscribe out of order
            E("u6", "visit", 0), E("u6", "visit", 5), E("u6", "signup", 6), E("u6", "subscribe", 10), // anchored on the first visit
            E("u1", "pricing-page", 1),
        };

        var result = FunnelAnalyzer.Analyze(events, ["visit", "signup", "subscribe"], TimeSpan.FromDays(7));

        Assert.Equal(new[] { 5, 4, 1 }, result.Steps.Select(s => s.Subjects));
        Assert.Equal(new decimal?[] { 1, 0.8m, 0.25m }, result.Steps.Select(s => s.StepConversion));
        Assert.Equal(new decimal?[] { 1, 0.8m, 0.2m }, result.Steps.Select(s => s.OverallConversion));
        Assert.Equal(0.2m, result.OverallConversion);
    }

    [Fact]
    public void Funnel_refuses_fewer_than_two_steps_repeated_steps_and_an_empty_window()
    {
        Assert.Throws<ArgumentException>(() => FunnelAnalyzer.Analyze([], ["visit"], TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>(() => FunnelAnalyzer.Analyze([], ["visit", "visit"], TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FunnelAnalyzer.Analyze([], ["visit", "signup"], TimeSpan.Zero));
        var empty = FunnelAnalyzer.Analyze([], ["visit", "signup"], TimeSpan.FromDays(1));
        Assert.Null(empty.OverallConversion);
        // Nobody entered, so no step has a rate, the first included.
        Assert.All(empty.Steps, s => Assert.Equal((0, null, null), (s.Subjects, s.StepConversion, s.OverallConversion)));
    }

    private static RevenueStream Stream(string customer, string subscription, string product, string provider, DateTimeOffset start, DateTimeOffset? end, decimal monthly) =>
        new(customer, subscription, product, provider, start, end, monthly, "USD");

    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    private static decimal? R(decimal? value) => value is { } v ? Math.Round(v, 10) : null;

    private static MrrMovements Rounded(MrrMovements m) =>
        new(Math.Round(m.New, 2), Math.Round(m.Expansion, 2), Math.Round(m.Contraction, 2), Math.Round(m.Churned, 2), Math.Round(m.Reactivation, 2));
}
