namespace TrustVault.Core.Subscriptions;

/// <summary>
/// A billing period [Start, End): a calendar month in UTC. Every subscription of an organization shares
/// it, so one invoice per organization and period covers them all (docs/decisions/0004).
/// </summary>
public readonly record struct BillingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public static BillingPeriod MonthOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new BillingPeriod(start, start.AddMonths(1));
    }

    /// <summary>The period that ended last before <paramref name="instant"/>: what the monthly invoicing bills.</summary>
    public static BillingPeriod PreviousTo(DateTimeOffset instant) => MonthOf(MonthOf(instant).Start.AddTicks(-1));

    public TimeSpan Length => End - Start;

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    public override string ToString() => Start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
