namespace TrustVault.Core.Gateway;

/// <summary>What the gateway did with a call: the outcome its metrics and trace record.</summary>
public enum GatewayOutcome
{
    /// <summary>Admitted and answered by the endpoint or the upstream, whatever the status.</summary>
    Allowed,

    /// <summary>Refused before the endpoint: no valid key, no subscription, unpaid, an unknown listing, path or method.</summary>
    Refused,

    /// <summary>Refused with 429 by the plan's rate limit.</summary>
    RateLimited,

    /// <summary>Refused with 429 by the plan's monthly hard cap.</summary>
    QuotaExceeded,

    /// <summary>Admitted, but the gateway got no answer from the upstream and said so itself (502, 504).</summary>
    UpstreamError,

    /// <summary>The gateway itself failed: an exception in its steps or the endpoint, or the call's usage event could not be stored (500).</summary>
    Error,
}
