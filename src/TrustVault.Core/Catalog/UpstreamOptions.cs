namespace TrustVault.Core.Catalog;

/// <summary>The <c>Gateway</c> configuration section's rules for upstream addresses.</summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Allow loopback, private and link-local upstreams (local development and tests only).</summary>
    public bool AllowPrivateUpstreams { get; set; }

    /// <summary>Require https upstreams; on by default outside Development.</summary>
    public bool RequireHttps { get; set; } = true;
}
