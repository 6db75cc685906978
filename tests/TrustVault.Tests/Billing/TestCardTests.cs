using TrustVault.Core.Billing;
using TrustVault.Core.Errors;

namespace TrustVault.Tests.Billing;

public sealed class TestCardTests
{
    private static readonly DateTimeOffset Today = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(13, 2030, "Expiry", "Enter the expiry month as 1 to 12.")]
    [InlineData(0, 2030, "Expiry", "Enter the expiry month as 1 to 12.")]
    [InlineData(11, 2026, "Expiry", "This card has expired: enter one whose expiry date is still to come.")]
    [InlineData(12, 2025, "Year", "This card has expired: enter one whose expiry date is still to come.")]
    [InlineData(12, 2047, "Year", "Check the year: cards expire within 20 years.")]
    public void An_expiry_that_is_no_month_or_not_to_come_is_refused_under_the_field_at_fault(int month, int year, string field, string reason)
    {
        var refused = Assert.Throws<InvalidInputException>(() => new TestCard("4242 4242 4242 4242", month, year, "123").Validate(Today));

        Assert.Equal([field], refused.Errors.Keys);
        Assert.Equal([reason], refused.Errors[field]);
    }

    [Fact]
    public void A_year_of_two_digits_is_read_as_printed_on_the_card()
    {
        var card = new TestCard("4242 4242 4242 4242", 12, 26, "123");

        card.Validate(Today);
        Assert.Equal(2026, card.ExpiryYear);
    }

    [Fact]
    public void The_current_month_is_still_a_valid_expiry()
    {
        new TestCard("4242 4242 4242 4242", 12, 2026, "123").Validate(Today);
    }
}
