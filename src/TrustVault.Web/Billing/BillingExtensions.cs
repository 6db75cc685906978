using TrustVault.Core.Billing;

namespace TrustVault.Web.Billing;

public static class BillingExtensions
{
    /// <summary>Billing settings; the local test-mode ledger is the payment provider (Core's default).</summary>
    public static WebApplicationBuilder AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
