using TrustVault.Core.Audit;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Billing;

public enum PayoutStatus
{
    Pending,
    Paid,
    Failed,
}

/// <summary>
/// Money paid to a provider for what it earned in one period and currency from paid invoices. The first payout of a period
/// pays what was paid by its run; an invoice paid later is paid out by a follow-up (<see cref="Sequence"/> 2, 3, …) in a
/// later run. Unique per (provider, period, currency, sequence); its amounts never change once it is made.
/// </summary>
public sealed class Payout : IHasTimestamps, IProviderOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProviderOrganizationId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public required string Currency { get; init; }

    /// <summary>1 for the period's payout, then one more for each follow-up paying out invoices paid late.</summary>
    public int Sequence { get; init; }

    public decimal Gross { get; init; }
    public decimal PlatformFee { get; init; }
    public decimal Net { get; init; }
    public PayoutStatus Status { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public string? Reference { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
