using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stripe;
using TrustVault.Core.Billing;
using TrustVault.Core.Billing.Stripe;
using TrustVault.Core.Payments;
using TrustVault.Web.Webhooks;

namespace TrustVault.Web.Billing;

public static class BillingExtensions
{
    /// <summary>Billing settings, and Stripe in place of the local test-mode ledger when <c>Stripe:SecretKey</c> is set.</summary>
    public static WebApplicationBuilder AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var stripe = builder.Configuration.GetSection(StripeOptions.SectionName).Get<StripeOptions>() ?? new StripeOptions();
        if (stripe.IsConfigured)
        {
            builder.Services.AddHttpClient(nameof(StripeClient));
            builder.Services.AddSingleton<IStripeClient>(provider =>
            {
                var options = provider.GetRequiredService<IOptions<StripeOptions>>().Value;
                var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(StripeClient));
                return new StripeClient(options.SecretKey, httpClient: new SystemNetHttpClient(http), apiBase: options.ApiBase);
            });
            builder.Services.Replace(ServiceDescriptor.Singleton<IPaymentProvider, StripePaymentProvider>());
            builder.Services.AddSingleton<StripeWebhookProcessor>();
        }

        return builder;
    }

    /// <summary>Stripe's webhooks, when Stripe is the payment provider.</summary>
    public static WebApplication MapBilling(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<StripeOptions>>().Value.IsConfigured)
        {
            app.MapStripeWebhooks();
        }

        return app;
    }
}
