using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Billing;

public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>The platform's share of what subscribers pay for third-party listings, in percent.</summary>
    [Range(0, 100)]
    public decimal PlatformFeePercent { get; set; } = 20;

    /// <summary>How long the gateway keeps serving a past-due subscription before answering 402.</summary>
    [Range(0, 60)]
    public int PastDueGraceDays { get; set; } = 7;

    /// <summary>
    /// Lets an admin invoice the running month before it ends, for demos and tests: an invoice closes its month, so the
    /// subscriptions, plan changes and calls that month still brings after the run are never billed.
    /// </summary>
    public bool AllowEarlyInvoicing { get; set; }
}
