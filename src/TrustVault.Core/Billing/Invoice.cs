using TrustVault.Core.Audit;

using TrustVault.Core.Organizations;

namespace TrustVault.Core.Billing;

public enum InvoiceStatus
{
    /// <summary>Issued, payment not settled yet.</summary>
    Open,
    Paid,

    /// <summary>The charge was declined: the organization's subscriptions are past due.</summary>
    PaymentFailed,
}

/// <summary>What an organization owes for one billing period in one currency; unique per (organization, period, currency).</summary>
public sealed class Invoice : IHasTimestamps, IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }

    /// <summary>ISO 4217 code of every line.</summary>
    public required string Currency { get; init; }

    /// <summary>Sequential per year of issue: TV-2026-000042.</summary>
    public required string Number { get; set; }

    public int NumberYear { get; set; }
    public int NumberSequence { get; set; }
    public decimal Total { get; init; }
    public InvoiceStatus Status { get; set; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>The payment provider's id for the charge (ledger entry or Stripe invoice).</summary>
    public string? PaymentReference { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>Charges tried so far; each attempt has its own idempotency key.</summary>
    public int PaymentAttempts { get; set; }

    /// <summary>
    /// When the attempt numbered <see cref="PaymentAttempts"/> was handed to the payment provider, while it has not answered
    /// (or answered that it settles later); null otherwise. Makes collecting the invoice single-flight (<see cref="InvoicingService"/>).
    /// </summary>
    public DateTimeOffset? ChargeStartedAt { get; set; }

    public List<InvoiceLine> Lines { get; init; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static string FormatNumber(int year, int sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"TV-{year}-{sequence:D6}");
}

public enum InvoiceLineKind
{
    /// <summary>A plan's monthly price for the part of the period it was in force.</summary>
    Fee,

    /// <summary>Calls past the plan's included ones, per started 1,000.</summary>
    Overage,
}

public sealed class InvoiceLine : IProviderOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid InvoiceId { get; init; }
    public InvoiceLineKind Kind { get; init; }
    public required string Description { get; init; }
    public Guid SubscriptionId { get; init; }
    public Guid ListingId { get; init; }
    public Guid PlanId { get; init; }

    /// <summary>The organization that publishes the listing: who earns this line.</summary>
    public Guid ProviderOrganizationId { get; init; }

    public decimal Quantity { get; init; }
    public decimal UnitAmount { get; init; }
    public decimal Amount { get; init; }
}
