using TrustVault.Core.Billing;
using TrustVault.Core.Errors;

namespace TrustVault.Tests.Billing;

public sealed class TestCardTests
{
    private static readonly DateTimeOffset Today = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(13, 2030, "Enter the expiry month as 1 to 12.")]
    [InlineData(0, 2030, "Enter the expiry month as 1 to 12.")]
    [InlineData(11, 2026, "Enter an expiry date in the future.")]
    [InlineData(12, 2047, "Enter an expiry date in the future.")]
    public void An_expiry_that_is_no_month_or_not_to_come_is_refused_with_its_reason(int month, int year, string reason)
    {
        var refused = Assert.Throws<InvalidInputException>(() => new TestCard("4242 4242 4242 4242", month, year, "123").Validate(Today));

        Assert.Equal([reason], refused.Errors["Expiry"]);
    }

    [Fact]
    public void The_current_month_is_still_a_valid_expiry()
    {
        new TestCard("4242 4242 4242 4242", 12, 2026, "123").Validate(Today);
    }
}
