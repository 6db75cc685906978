using TrustVault.Core.Audit;

using TrustVault.Core.Organizations;

namespace TrustVault.Core.Billing;

/// <summary>An organization's payment details: the card on file (test mode keeps only brand and last digits) and Stripe ids.</summary>
public sealed class BillingAccount : IHasTimestamps, IOrganizationOwned
{
    public Guid OrganizationId { get; init; }
    public string? CardBrand { get; set; }
    public string? CardLast4 { get; set; }
    public int? CardExpiryMonth { get; set; }
    public int? CardExpiryYear { get; set; }
    public string? StripeCustomerId { get; set; }

    /// <summary>A provider's Stripe Connect account that payouts are transferred to.</summary>
    public string? StripeConnectAccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Whether a payment method is on file, the one invoices are charged to: a card, or on Stripe another default method
    /// (SEPA Direct Debit, a bank account), whose kind is kept in <see cref="CardBrand"/> and last digits, where it has
    /// them, in <see cref="CardLast4"/> (empty otherwise). A Stripe customer alone is none: it is created when checkout
    /// starts, before the card is entered.
    /// </summary>
    public bool HasPaymentMethod => CardLast4 is not null;

    /// <summary>The payment method on file as mails and the ledger name it ("Visa •••• 4242", "SEPA Direct Debit •••• 3000"); null without one.</summary>
    public string? CardOnFile => !HasPaymentMethod ? null : CardLast4 is "" ? CardBrand : $"{CardBrand} •••• {CardLast4}";
}

public enum LedgerEntryKind
{
    Charge,
    DeclinedCharge,
    Payout,

    /// <summary>A payment given back: a second payment of an invoice that was paid already.</summary>
    Refund,
}

/// <summary>The local payment provider's book: one row per money movement, unique per idempotency key.</summary>
public sealed class LedgerEntry : IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string IdempotencyKey { get; init; }
    public LedgerEntryKind Kind { get; init; }
    public Guid OrganizationId { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
    public DateTimeOffset At { get; init; }
    public string? Detail { get; init; }
}

/// <summary>A Stripe webhook event handled once: a replay with the same id is acknowledged and ignored.</summary>
public sealed class ProcessedWebhookEvent
{
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}
