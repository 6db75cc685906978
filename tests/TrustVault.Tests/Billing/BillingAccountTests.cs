using TrustVault.Core.Billing;

namespace TrustVault.Tests.Billing;

public sealed class BillingAccountTests
{
    [Fact]
    public void A_stripe_customer_without_a_card_has_no_payment_method()
    {
        Assert.False(new BillingAccount { StripeCustomerId = "cus_globex" }.HasPaymentMethod);
        Assert.True(new BillingAccount { StripeCustomerId = "cus_globex", CardBrand = "Visa", CardLast4 = "4242" }.HasPaymentMethod);
    }
}
