using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustVault.Core.Audit;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Runs;

public enum AnalysisRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A large upload analysed in the background: its progress, and the result its organization downloads.</summary>
public sealed class AnalysisRun : IHasTimestamps, IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }

    /// <summary>What was asked, e.g. "profile".</summary>
    public required string Kind { get; init; }

    public long InputBytes { get; init; }
    public AnalysisRunStatus Status { get; set; }

    /// <summary>0 to 100: the share of the input read so far.</summary>
    public int Progress { get; set; }

    public string? ResultJson { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class AnalysisRunConfiguration : IEntityTypeConfiguration<AnalysisRun>
{
    public void Configure(EntityTypeBuilder<AnalysisRun> builder)
    {
        builder.Property(r => r.Kind).HasMaxLength(40);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Error).HasMaxLength(1000);
        builder.HasIndex(r => new { r.OrganizationId, r.CreatedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
