using MudBlazor;
using TrustVault.Core.Subscriptions;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Shared;

/// <summary>Sizes and subscription states as the pages word them.</summary>
public sealed class DisplayTextTests
{
    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1023, "1,023 bytes")]
    [InlineData(2296, "2.2 KB")]
    [InlineData(5 * 1024 * 1024, "5.0 MB")]
    public void A_size_is_shown_in_the_unit_that_shows_it(long bytes, string shown) => Assert.Equal(shown, MoneyFormat.Bytes(bytes));

    [Fact]
    public void A_failed_payment_reads_as_one_in_red_and_a_trial_as_a_trial()
    {
        Assert.Equal(("Payment failed", Color.Error), (SubscriptionStatusText.Label(SubscriptionStatus.PastDue), SubscriptionStatusText.Color(SubscriptionStatus.PastDue)));
        Assert.Equal(("Trial", Color.Info), (SubscriptionStatusText.Label(SubscriptionStatus.Trialing), SubscriptionStatusText.Color(SubscriptionStatus.Trialing)));
        Assert.Equal(("Active", Color.Success), (SubscriptionStatusText.Label(SubscriptionStatus.Active), SubscriptionStatusText.Color(SubscriptionStatus.Active)));
    }

    [Fact]
    public void Too_early_to_forecast_does_not_claim_the_period_began_today()
    {
        var lastDay = new DateOnly(2026, 12, 31);

        var sentence = QuotaForecastText.Sentence(new QuotaForecast(50, 1_000, true, QuotaForecastMethod.TooEarly, null, lastDay, 0, new(2026, 12, 1)));

        Assert.Equal("Too early to forecast: no whole day of calls yet; the period ends on 31 Dec 2026.", sentence);
    }
}
