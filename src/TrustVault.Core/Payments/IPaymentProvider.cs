namespace TrustVault.Core.Payments;

public sealed record CheckoutRequest(Guid OrganizationId, Guid SubscriptionId, string Description);

/// <summary>How a paid subscription gets its payment method: it already has one, or the buyer goes to <see cref="RedirectUrl"/>.</summary>
public sealed record CheckoutStart(bool PaymentMethodOnFile, string? RedirectUrl);

/// <summary>One attempt to collect an invoice; (invoice, attempt) is the idempotency key.</summary>
public sealed record ChargeRequest(Guid InvoiceId, int Attempt, Guid OrganizationId, string InvoiceNumber, string Currency, decimal Total, IReadOnlyList<ChargeLine> Lines)
{
    public string IdempotencyKey => $"invoice-{InvoiceId:N}-{Attempt}";
}

/// <summary>One line of the invoice as the provider shows it to the payer; <see cref="Id"/> is the invoice line's.</summary>
public sealed record ChargeLine(Guid Id, string Description, decimal Amount);

public enum ChargeOutcome
{
    Paid,
    Declined,

    /// <summary>The provider settles later and says so by webhook.</summary>
    Pending,
}

public sealed record ChargeResult(ChargeOutcome Outcome, string? Reference, string? FailureReason = null);

/// <summary>
/// A payment given back in full: a second payment of an invoice that another payment had settled. The payment's reference is
/// the idempotency key, so it is refunded once however often it is heard.
/// </summary>
public sealed record RefundRequest(Guid InvoiceId, Guid OrganizationId, string PaymentReference, string Currency, decimal Amount)
{
    public string IdempotencyKey => $"refund-{PaymentReference}";
}

public sealed record RefundResult(string Reference);

public sealed record PayoutRequest(Guid PayoutId, Guid ProviderOrganizationId, string Currency, decimal Amount, string Description);

public sealed record PayoutResult(bool Paid, string? Reference, string? FailureReason = null);

/// <summary>
/// Moves money. Every call is idempotent on our own ids (invoice id, payout id): calling it again for the
/// same invoice or payout never charges or pays twice.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>True for the local ledger: no real money moves.</summary>
    bool IsTestMode { get; }

    Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken);

    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    Task<PayoutResult> PayOutAsync(PayoutRequest request, CancellationToken cancellationToken);

    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken);

    /// <summary>Where the organization manages its payment methods on the provider's own pages; null when they are managed here.</summary>
    Task<string?> PaymentMethodsUrlAsync(Guid organizationId, CancellationToken cancellationToken);
}
