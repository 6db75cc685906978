namespace TrustVault.Core.Analytics.BusinessIntelligence;

/// <summary>Each customer's MRR at every month end from the first paid stream to the last reported month.</summary>
internal sealed class RevenueHistory
{
    private readonly int firstMonth;

    public RevenueHistory(IEnumerable<RevenueStream> paid, int firstMonth, int lastMonth)
    {
        this.firstMonth = firstMonth;
        MonthCount = lastMonth - firstMonth + 1;
        var byCustomer = new SortedDictionary<string, decimal[]>(StringComparer.Ordinal);
        foreach (var stream in paid)
        {
            if (!byCustomer.TryGetValue(stream.CustomerId, out var series))
            {
                series = new decimal[MonthCount];
                byCustomer[stream.CustomerId] = series;
            }

            // Active at a month's end: started before the month ended and not ended before it. A stream ending
            // exactly at midnight on the 1st served the whole previous month, so that month is its last.
            var start = CalendarMonth.Index(stream.Start) - firstMonth;
            var end = stream.End is { } e ? CalendarMonth.Index(e) - 1 - firstMonth : MonthCount - 1;
            for (var m = Math.Max(0, start); m <= Math.Min(end, MonthCount - 1); m++)
            {
                series[m] += stream.MonthlyAmount;
            }
        }

        Customers = byCustomer.Select(c => new CustomerHistory(c.Key, c.Value, Array.FindIndex(c.Value, v => v > 0))).ToList();
    }

    public int MonthCount { get; }

    /// <summary>Customers ordered by id so reports are deterministic.</summary>
    public IReadOnlyList<CustomerHistory> Customers { get; }

    public DateOnly MonthOf(int i) => CalendarMonth.FromIndex(firstMonth + i);

    /// <summary>The first instant after month <paramref name="i"/>.</summary>
    public DateTimeOffset EndOf(int i)
    {
        var next = CalendarMonth.FromIndex(firstMonth + i + 1);
        return new DateTimeOffset(next.Year, next.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    public static bool IsActiveAt(RevenueStream stream, DateTimeOffset monthEnd) =>
        stream.Start < monthEnd && (stream.End is null || stream.End >= monthEnd);
}

/// <param name="Mrr">MRR at the end of each month of the history.</param>
/// <param name="FirstPaidMonth">Index of the first month end with MRR above zero; −1 if the customer never had one.</param>
internal sealed record CustomerHistory(string Id, decimal[] Mrr, int FirstPaidMonth);
