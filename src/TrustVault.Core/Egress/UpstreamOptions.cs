namespace TrustVault.Core.Egress;

/// <summary>The <c>Gateway</c> configuration section: rules for upstream addresses and calls.</summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Allow loopback, private and link-local upstreams (local development and tests only).</summary>
    public bool AllowPrivateUpstreams { get; set; }

    /// <summary>Require https upstreams; on by default outside Development.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>How long the gateway waits for an upstream before answering 504.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
