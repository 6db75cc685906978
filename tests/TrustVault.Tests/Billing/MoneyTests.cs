using TrustVault.Core.Billing;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Billing;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("USD", 19.994, 19.99, 1_999)]
    [InlineData("usd", 0.005, 0.01, 1)]
    [InlineData("JPY", 1_500.5, 1_501, 1_501)]
    [InlineData("KWD", 2.5004, 2.500, 2_500)]
    [InlineData("BHD", 0.0005, 0.001, 1)]
    public void An_amount_is_charged_in_whole_minor_units_of_its_currency(string currency, decimal amount, decimal rounded, long minorUnits)
    {
        Assert.Equal(rounded, Money.ToMinorUnits(amount, currency));
        Assert.Equal(minorUnits, Money.InMinorUnits(amount, currency));
    }

    [Theory]
    [InlineData(19, "USD", "$19.00")]
    [InlineData(1_500, "JPY", "1,500 JPY")]
    [InlineData(2.5, "KWD", "2.500 KWD")]
    public void An_amount_is_shown_with_its_currency_s_minor_digits(decimal amount, string currency, string shown) =>
        Assert.Equal(shown, MoneyFormat.Format(amount, currency));
}
