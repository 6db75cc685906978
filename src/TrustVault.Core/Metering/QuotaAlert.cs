using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Metering;

/// <summary>A quota alert sent: one per subscription, billing period and threshold (its key), so none is sent twice.</summary>
public sealed class QuotaAlert
{
    public Guid SubscriptionId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }

    /// <summary>85 or 100: the share of the included calls used.</summary>
    public int ThresholdPercent { get; init; }

    public DateTimeOffset SentAt { get; init; }
}

internal sealed class QuotaAlertConfiguration : IEntityTypeConfiguration<QuotaAlert>
{
    public void Configure(EntityTypeBuilder<QuotaAlert> builder) => builder.HasKey(a => new { a.SubscriptionId, a.PeriodStart, a.ThresholdPercent });
}
