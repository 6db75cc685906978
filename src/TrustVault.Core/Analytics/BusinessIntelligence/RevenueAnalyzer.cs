namespace TrustVault.Core.Analytics.BusinessIntelligence;

/// <summary>
/// Subscription revenue metrics per calendar month (UTC), measured at each month's end as Chargebee does
/// ("MRR is a forward-looking and point-in-time metric": a subscription cancelled on the 17th adds nothing to
/// that month). A stream counts at a month's end when it started before the month ended and ends at or after
/// that moment; so a stream ending on 1 February 00:00 counts in January and churns in February.
/// Movements compare each customer's MRR at consecutive month ends, which nets several changes within a month
/// into one movement (ChartMogul's "Net MRR Movements" view) and leaves out customers who joined and left
/// within a month. A customer whose paid streams all drop to zero (including a move to a free plan) has churned,
/// as Baremetrics and Stripe count it ("a customer goes from non-zero MRR to zero MRR").
/// </summary>
public static class RevenueAnalyzer
{
    /// <summary>Longest history, from the first stream to the last reported month, that one report covers.</summary>
    public const int MaxMonths = 1200;

    /// <summary>Each paying customer's MRR is kept for every month of the history: this bounds that work and memory (16 bytes a cell).</summary>
    public const long MaxCustomerMonths = 10_000_000;

    public static RevenueReport Analyze(
        IReadOnlyList<RevenueStream> streams, DateOnly fromMonth, DateOnly toMonth,
        RevenueOptions? options = null, IReadOnlyList<OneOffCharge>? oneOffCharges = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        options ??= new RevenueOptions();
        oneOffCharges ??= [];
        Validate(streams, oneOffCharges, fromMonth, toMonth, options);
        var currency = streams.Select(s => s.Currency).Concat(oneOffCharges.Select(c => c.Currency)).FirstOrDefault()?.ToUpperInvariant();

        var paid = streams.Where(s => !s.IsTrial && s.MonthlyAmount > 0).ToList();
        var from = CalendarMonth.Index(fromMonth);
        var to = CalendarMonth.Index(toMonth);
        var first = paid.Count == 0 ? from : Math.Min(from, paid.Min(s => CalendarMonth.Index(s.Start)));
        if (to - first + 1 > MaxMonths)
        {
            throw new ArgumentException($"The streams start {to - first + 1} months before the end of the report; at most {MaxMonths} months are analysed.", nameof(streams));
        }

        var customerMonths = (long)paid.Select(s => s.CustomerId).Distinct(StringComparer.Ordinal).Count() * (to - first + 1);
        if (customerMonths > MaxCustomerMonths)
        {
            throw new ArgumentException(
                $"The streams hold {customerMonths:N0} customer-months from the first paid one to the end of the report; at most {MaxCustomerMonths:N0} are analysed: leave out streams that ended long before the report.",
                nameof(streams));
        }

        var history = new RevenueHistory(paid, first, to);
        var chargesByMonth = oneOffCharges.GroupBy(c => CalendarMonth.Index(c.At)).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        var months = new List<MonthlyRevenue>();
        var movements = new List<CustomerMovement>();
        var churnRates = new List<decimal?>();
        for (var i = 0; i < history.MonthCount; i++)
        {
            var month = Summarise(history, i, churnRates, options, movements, collect: first + i >= from);
            churnRates.Add(month.LogoChurnRate);
            if (first + i >= from)
            {
                months.Add(month with { NonRecurringRevenue = chargesByMonth.GetValueOrDefault(first + i) });
            }
        }

        var last = history.MonthCount - 1;
        return new RevenueReport(
            currency, months, movements, Cohorts(history, from - first),
            Rank(paid, history.EndOf(last), s => s.ProductId, options.TopCount),
            Rank(paid, history.EndOf(last), s => s.ProviderId, options.TopCount));
    }

    private static MonthlyRevenue Summarise(
        RevenueHistory history, int i, List<decimal?> earlierChurnRates, RevenueOptions options, List<CustomerMovement> movements, bool collect)
    {
        decimal mrr = 0, starting = 0, newMrr = 0, expansion = 0, contraction = 0, churned = 0, reactivation = 0;
        decimal retained = 0, yearAgo = 0, retainedFromYearAgo = 0, grossRetainedFromYearAgo = 0;
        int customers = 0, startingCustomers = 0, newCount = 0, expansionCount = 0, contractionCount = 0, churnCount = 0, reactivationCount = 0;
        foreach (var (customerId, series, firstPaid) in history.Customers)
        {
            var current = series[i];
            var previous = i == 0 ? 0 : series[i - 1];
            mrr += current;
            customers += current > 0 ? 1 : 0;
            if (previous > 0)
            {
                starting += previous;
                startingCustomers++;
                retained += current;
            }

            if (i >= 12 && series[i - 12] > 0)
            {
                yearAgo += series[i - 12];
                retainedFromYearAgo += current;
                grossRetainedFromYearAgo += Math.Min(current, series[i - 12]);
            }

            MovementKind kind;
            if (previous == 0 && current > 0 && firstPaid < i)
            {
                kind = MovementKind.Reactivation;
                reactivation += current;
                reactivationCount++;
            }
            else if (previous == 0 && current > 0)
            {
                kind = MovementKind.New;
                newMrr += current;
                newCount++;
            }
            else if (previous > 0 && current == 0)
            {
                kind = MovementKind.Churn;
                churned += previous;
                churnCount++;
            }
            else if (previous > 0 && current > previous)
            {
                kind = MovementKind.Expansion;
                expansion += current - previous;
                expansionCount++;
            }
            else if (previous > 0 && current < previous)
            {
                kind = MovementKind.Contraction;
                contraction += previous - current;
                contractionCount++;
            }
            else
            {
                continue;
            }

            if (collect)
            {
                movements.Add(new CustomerMovement(history.MonthOf(i), customerId, kind, previous, current));
            }
        }

        var logoChurn = startingCustomers == 0 ? (decimal?)null : (decimal)churnCount / startingCustomers;
        var arpu = customers == 0 ? (decimal?)null : mrr / customers;
        return new MonthlyRevenue(
            history.MonthOf(i), mrr, 12 * mrr, customers, starting, startingCustomers,
            new MrrMovements(newMrr, expansion, contraction, churned, reactivation),
            new MovementCounts(newCount, expansionCount, contractionCount, churnCount, reactivationCount),
            logoChurn,
            Ratio(churned + contraction, starting),
            Ratio(churned + contraction - expansion - reactivation, starting),
            Ratio(retained, starting),
            Ratio(retainedFromYearAgo, yearAgo),
            Ratio(grossRetainedFromYearAgo, yearAgo),
            arpu,
            Ltv(arpu, earlierChurnRates, options),
            NonRecurringRevenue: 0);
    }

    /// <summary>ChartMogul, "Chart: Customer Lifetime Value": ARPA ÷ the trailing average of customer churn rate, current month excluded.</summary>
    private static decimal? Ltv(decimal? arpu, List<decimal?> earlierChurnRates, RevenueOptions options)
    {
        var window = earlierChurnRates.Skip(Math.Max(0, earlierChurnRates.Count - options.LtvChurnMonths)).OfType<decimal>().ToList();
        if (arpu is null || window.Count == 0 || window.Sum() == 0)
        {
            return null;
        }

        return arpu.Value * options.GrossMargin / (window.Sum() / window.Count);
    }

    private static decimal? Ratio(decimal numerator, decimal denominator) => denominator == 0 ? null : numerator / denominator;

    private static List<CohortRow> Cohorts(RevenueHistory history, int fromOffset)
    {
        var last = history.MonthCount - 1;
        return history.Customers
            .Where(c => c.FirstPaidMonth >= fromOffset)
            .GroupBy(c => c.FirstPaidMonth)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var members = g.Select(c => c.Mrr).ToList();
                var startMrr = members.Sum(s => s[g.Key]);
                var cells = Enumerable.Range(0, last - g.Key + 1).Select(offset =>
                {
                    var active = members.Where(s => s[g.Key + offset] > 0).ToList();
                    var revenue = active.Sum(s => s[g.Key + offset]);
                    return new CohortCell(offset, active.Count, revenue, (decimal)active.Count / members.Count, revenue / startMrr);
                }).ToList();
                return new CohortRow(history.MonthOf(g.Key), members.Count, startMrr, cells);
            })
            .ToList();
    }

    private static List<RankedMrr> Rank(List<RevenueStream> paid, DateTimeOffset monthEnd, Func<RevenueStream, string> key, int count)
    {
        var active = paid.Where(s => RevenueHistory.IsActiveAt(s, monthEnd)).ToList();
        var total = active.Sum(s => s.MonthlyAmount);
        // Streams without the id count in the total, not in the ranking, so the top count are all named ones.
        return active.Where(s => key(s).Length > 0).GroupBy(key, StringComparer.Ordinal)
            .Select(g => new RankedMrr(g.Key, g.Sum(s => s.MonthlyAmount), g.Select(s => s.CustomerId).Distinct(StringComparer.Ordinal).Count(), g.Sum(s => s.MonthlyAmount) / total))
            .OrderByDescending(r => r.Mrr).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(count)
            .ToList();
    }

    private static void Validate(IReadOnlyList<RevenueStream> streams, IReadOnlyList<OneOffCharge> charges, DateOnly fromMonth, DateOnly toMonth, RevenueOptions options)
    {
        if (fromMonth.Day != 1 || toMonth.Day != 1)
        {
            throw new ArgumentException("Months are given by their first day (e.g. 2026-01-01).", fromMonth.Day != 1 ? nameof(fromMonth) : nameof(toMonth));
        }

        if (fromMonth > toMonth)
        {
            throw new ArgumentException($"The first month ({fromMonth:yyyy-MM}) is after the last ({toMonth:yyyy-MM}).", nameof(fromMonth));
        }

        if (options.GrossMargin is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GrossMargin, "Gross margin must be above 0 and at most 1.");
        }

        if (options.LtvChurnMonths is < 1 or > 24 || options.TopCount is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "LTV churn months must be 1 to 24 and the top count 1 to 100.");
        }

        string? currency = null;
        void CheckCurrency(string value, string what)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length != 3)
            {
                throw new ArgumentException($"{what} needs a three-letter currency code.", nameof(streams));
            }

            currency ??= value;
            if (!string.Equals(currency, value, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{what} is in {value} but earlier records are in {currency}; compute one currency at a time.", nameof(streams));
            }
        }

        for (var i = 0; i < streams.Count; i++)
        {
            var s = streams[i] ?? throw new ArgumentException($"Stream {i} is null.", nameof(streams));
            var what = $"Stream {i} (subscription '{s.SubscriptionId}')";
            if (string.IsNullOrWhiteSpace(s.CustomerId))
            {
                throw new ArgumentException($"{what} has no customer id.", nameof(streams));
            }

            if (s.End is { } end && end <= s.Start)
            {
                throw new ArgumentException($"{what} ends ({end:O}) before it starts ({s.Start:O}).", nameof(streams));
            }

            if (s.MonthlyAmount < 0)
            {
                throw new ArgumentException($"{what} has a negative monthly amount; record discounts as a lower amount.", nameof(streams));
            }

            CheckCurrency(s.Currency, what);
        }

        for (var i = 0; i < charges.Count; i++)
        {
            var c = charges[i] ?? throw new ArgumentException($"One-off charge {i} is null.", nameof(charges));
            CheckCurrency(c.Currency, $"One-off charge {i}");
        }
    }
}
