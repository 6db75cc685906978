using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustVault.Core.Audit;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Jobs;

public enum AnalysisJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A large upload analysed in the background: its progress, and the result its organization downloads.</summary>
public sealed class AnalysisJob : IHasTimestamps, IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }

    /// <summary>What was asked, e.g. "profile".</summary>
    public required string Kind { get; init; }

    public long InputBytes { get; init; }
    public AnalysisJobStatus Status { get; set; }

    /// <summary>0 to 100: the share of the input read so far.</summary>
    public int Progress { get; set; }

    public string? ResultJson { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class AnalysisJobConfiguration : IEntityTypeConfiguration<AnalysisJob>
{
    public void Configure(EntityTypeBuilder<AnalysisJob> builder)
    {
        builder.Property(j => j.Kind).HasMaxLength(40);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Error).HasMaxLength(1000);
        builder.HasIndex(j => new { j.OrganizationId, j.CreatedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(j => j.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
