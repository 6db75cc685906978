using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Metering;

/// <summary>A quota alert sent: one per subscription, billing period, quota and threshold (its key), so none is sent twice.</summary>
public sealed class QuotaAlert
{
    public Guid SubscriptionId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }

    /// <summary>
    /// The quota the threshold is a share of: the plan's included calls when the alert was due. Part of the key because a
    /// plan change keeps the subscription, and the customer who upgraded after the 100% alert must hear when the new
    /// quota runs out too. The figure rather than the plan, because it is the quota the customer is warned about: a
    /// change of the plan's included calls is a new quota, a move to another plan with the same figure is not.
    /// </summary>
    public long IncludedCalls { get; init; }

    /// <summary>85 or 100: the share of the included calls used.</summary>
    public int ThresholdPercent { get; init; }

    public DateTimeOffset SentAt { get; init; }
}

internal sealed class QuotaAlertConfiguration : IEntityTypeConfiguration<QuotaAlert>
{
    public void Configure(EntityTypeBuilder<QuotaAlert> builder) => builder.HasKey(a => new { a.SubscriptionId, a.PeriodStart, a.IncludedCalls, a.ThresholdPercent });
}
