using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Catalog.Anomalies;

/// <summary>
/// A point of a listing's traffic that the causal detector flagged, owned by the listing's provider. One per listing,
/// metric and interval (its unique key), so that a second node or a retried run cannot alert twice.
/// </summary>
public sealed class ListingAlert : IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public Guid ListingId { get; init; }
    public ListingMetric Metric { get; init; }

    /// <summary>The start of the flagged interval; it lasts <see cref="TrafficSeries.Interval"/>.</summary>
    public DateTimeOffset IntervalStart { get; init; }

    /// <summary>The metric's value in the interval: a share (0–1) for rates, milliseconds for latency.</summary>
    public double Value { get; init; }

    /// <summary>What the detector expected from the earlier points.</summary>
    public double Expected { get; init; }

    public double Score { get; init; }
    public double Threshold { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedByUserId { get; set; }
}

internal sealed class ListingAlertConfiguration : IEntityTypeConfiguration<ListingAlert>
{
    public void Configure(EntityTypeBuilder<ListingAlert> builder)
    {
        builder.HasIndex(a => new { a.ListingId, a.Metric, a.IntervalStart }).IsUnique();
        builder.HasIndex(a => new { a.OrganizationId, a.CreatedAt });
        builder.Property(a => a.Metric).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.AcknowledgedByUserId).HasMaxLength(450);
        builder.HasOne<Listing>().WithMany().HasForeignKey(a => a.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}
