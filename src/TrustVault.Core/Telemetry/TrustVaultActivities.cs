using System.Diagnostics;

namespace TrustVault.Core.Telemetry;

/// <summary>
/// The spans TrustVault starts itself: the gateway step, its upstream call, the wait for a call's usage event, and
/// each job run. A span is only made while something listens (an exporter is configured), so an untraced call
/// allocates none.
/// </summary>
public static class TrustVaultActivities
{
    public const string SourceName = "TrustVault";

    /// <summary>The tag holding the gateway's id of a call, the one answered in X-TrustVault-Request-Id.</summary>
    public const string RequestIdTag = "trustvault.request_id";

    /// <summary>The tag holding a call's listing slug.</summary>
    public const string ListingTag = "trustvault.listing";

    /// <summary>The tag holding what the gateway did with a call (<see cref="Gateway.GatewayOutcome"/>).</summary>
    public const string OutcomeTag = "trustvault.outcome";

    /// <summary>The tag holding the job a span runs.</summary>
    public const string JobTag = "trustvault.job";

    public static ActivitySource Source { get; } = new(SourceName);
}
