using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

/// <summary>The app with Stripe as payment provider, pointed at the local <see cref="FakeStripe"/>.</summary>
public sealed class StripeFactory : TrustVaultFactory
{
    public FakeStripe Stripe { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        Stripe.InitializeAsync().GetAwaiter().GetResult();
        builder.UseSetting("Stripe:SecretKey", "sk_test_trustvault");
        // The charge test invoices the running month of the real clock.
        builder.UseSetting("Billing:AllowEarlyInvoicing", "true");
        builder.UseSetting("Stripe:WebhookSecret", FakeStripe.WebhookSecret);
        // As Stripe.net expects its api base: scheme, host and port, no trailing slash.
        builder.UseSetting("Stripe:ApiBase", Stripe.BaseAddress.GetLeftPart(UriPartial.Authority));
        builder.UseSetting("Stripe:PublicBaseUrl", "https://trustvault.test");
    }

    public override async ValueTask DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await base.DisposeAsync();
    }
}
