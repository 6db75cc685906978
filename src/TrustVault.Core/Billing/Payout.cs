using TrustVault.Core.Audit;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Billing;

public enum PayoutStatus
{
    Pending,
    Paid,
    Failed,
}

/// <summary>What a provider earned in one period and currency from paid invoices; unique per (provider, period, currency).</summary>
public sealed class Payout : IHasTimestamps, IProviderOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProviderOrganizationId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public required string Currency { get; init; }
    public decimal Gross { get; set; }
    public decimal PlatformFee { get; set; }
    public decimal Net { get; set; }
    public PayoutStatus Status { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public string? Reference { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
