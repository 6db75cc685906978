using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Metering;

/// <summary>The <c>UsageRetention</c> configuration section: how long raw usage events are kept.</summary>
public sealed class UsageRetentionOptions
{
    public const string SectionName = "UsageRetention";

    /// <summary>Age in days after which a settled event is pruned; at least 31, so the console's 30-day figures stay whole.</summary>
    [Range(31, 3650)]
    public int Days { get; set; } = 90;

    /// <summary>Events deleted per statement: each batch holds the database's write lock only briefly.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 1000;
}
