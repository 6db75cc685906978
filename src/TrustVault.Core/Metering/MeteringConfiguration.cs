using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Metering;

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEvent>
{
    public void Configure(EntityTypeBuilder<UsageEvent> builder)
    {
        builder.Property(e => e.RequestId).HasMaxLength(UsageEvent.RequestIdMaxLength);
        builder.HasIndex(e => e.RequestId).IsUnique();
        builder.HasIndex(e => new { e.SubscriptionId, e.At });
        builder.HasIndex(e => new { e.OrganizationId, e.At });
        builder.HasIndex(e => e.At);
        // A listing's calls over a time range: the portal's per-listing calls and latency read them by listing, not by customer.
        builder.HasIndex(e => new { e.ListingId, e.At });
        builder.Property(e => e.Method).HasMaxLength(UsageEvent.MethodMaxLength);
        builder.Property(e => e.Route).HasMaxLength(UsageEvent.RouteMaxLength);
        builder.Ignore(e => e.IsBillable);
    }
}

internal sealed class UsageRollupConfiguration : IEntityTypeConfiguration<UsageRollup>
{
    public void Configure(EntityTypeBuilder<UsageRollup> builder)
    {
        builder.HasKey(r => new { r.SubscriptionId, r.HourStart });
        builder.HasIndex(r => new { r.OrganizationId, r.HourStart });
        builder.HasIndex(r => new { r.ListingId, r.HourStart });
    }
}
