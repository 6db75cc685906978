using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Billing.Stripe;

/// <summary>The <c>Stripe</c> section: setting <see cref="SecretKey"/> switches payments from the local ledger to Stripe.</summary>
public sealed class StripeOptions
{
    public const string SectionName = "Stripe";

    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (whsec_…), for /webhooks/stripe.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How old a webhook's signed timestamp may be; older ones are refused as replays.</summary>
    [Range(1, 3600)]
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>Stripe's API address; only tests point it elsewhere.</summary>
    public string? ApiBase { get; set; }

    /// <summary>Where Stripe Checkout sends the buyer back, e.g. https://trustvault.example.</summary>
    public string PublicBaseUrl { get; set; } = "https://localhost:5001";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}
