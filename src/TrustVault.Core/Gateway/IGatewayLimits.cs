namespace TrustVault.Core.Gateway;

/// <summary>What a call takes of its subscription's quota once it passes the rate limit.</summary>
public enum QuotaUse
{
    /// <summary>Nothing: a call the gateway refuses itself after the rate limit (an endpoint the API does not have).</summary>
    None,

    /// <summary>Reads the calls used: a test key's call, which never counts but is refused at a hard cap.</summary>
    Read,

    /// <summary>Reserves a unit, unless a hard cap is reached: a live key's call.</summary>
    Reserve,
}

/// <summary>
/// A call's rate-limit decision and, when it passed and took something of the quota, its quota reservation: for
/// <see cref="QuotaUse.Read"/> granted unless the hard cap is reached, no unit held.
/// </summary>
public readonly record struct LimitsDecision(RateDecision Rate, QuotaReservation? Quota);

/// <summary>
/// The gateway's limits step: the plan's rate limit, then, for a call that passed it, the quota. In this process
/// (<see cref="GatewayLimits"/>) it runs <see cref="ISubscriptionRateLimiter"/> and <see cref="IQuotaReservations"/> in
/// turn; in Redis (<see cref="RedisGatewayLimits"/>) it is one script, so a call waits for one round trip, not two.
/// </summary>
public interface IGatewayLimits
{
    ValueTask<LimitsDecision> TakeAsync(GatewaySubscription subscription, QuotaUse use, CancellationToken cancellationToken);
}
