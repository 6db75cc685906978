using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Tests.Metering;

public sealed class QuotaAndPeriodTests
{
    [Theory]
    [InlineData(999, 1000, true, true, 1)]
    [InlineData(1000, 1000, true, false, 0)]
    [InlineData(1500, 1000, false, true, 0)]
    public void Quota_status_follows_the_plan(long used, long included, bool hardCap, bool allows, long remaining)
    {
        var status = new QuotaStatus(used, included, hardCap);

        Assert.Equal((allows, remaining), (status.Allows, status.Remaining));
        Assert.Equal(Math.Max(0, used - included), status.Overage);
    }

    [Theory]
    [InlineData("2026-11-25T17:00:00Z", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("2026-12-31T23:59:59Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("2027-01-01T00:30:00+01:00", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    public void Billing_periods_are_calendar_months_in_utc(string now, string start, string end)
    {
        var period = BillingPeriod.MonthOf(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), period.Start);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), period.End);
        Assert.Equal(period, BillingPeriod.PreviousTo(period.End));
    }
}
