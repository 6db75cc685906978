using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Catalog.Health;

/// <summary>One health check of a third-party listing's upstream, kept for <see cref="ListingHealthMonitor.RetentionDays"/> days.</summary>
public sealed class ListingHealthProbe
{
    public long Id { get; init; }
    public Guid ListingId { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>The upstream answered in time with a status below 500.</summary>
    public bool Ok { get; init; }

    /// <summary>The HTTP status the upstream answered with; null when it did not answer.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Why no answer came (refused, timed out, blocked by the address guard); null when one did.</summary>
    public string? Error { get; init; }

    public int LatencyMs { get; init; }
}

/// <summary>Whether a listing's upstream is currently considered down, so its provider is told once per outage.</summary>
public sealed class ListingHealthState
{
    public Guid ListingId { get; init; }
    public bool IsDown { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

internal sealed class ListingHealthProbeConfiguration : IEntityTypeConfiguration<ListingHealthProbe>
{
    public void Configure(EntityTypeBuilder<ListingHealthProbe> builder)
    {
        builder.HasIndex(p => new { p.ListingId, p.At });
        builder.HasIndex(p => p.At);
        builder.Property(p => p.Error).HasMaxLength(ListingHealthMonitor.ErrorMaxLength);
        builder.HasOne<Listing>().WithMany().HasForeignKey(p => p.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ListingHealthStateConfiguration : IEntityTypeConfiguration<ListingHealthState>
{
    public void Configure(EntityTypeBuilder<ListingHealthState> builder)
    {
        builder.HasKey(s => s.ListingId);
        builder.HasOne<Listing>().WithMany().HasForeignKey(s => s.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}
