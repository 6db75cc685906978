namespace TrustVault.Core.Gateway;

/// <summary>
/// The plan's per-second and per-minute limits, one pair of token buckets per subscription: in this process
/// (<see cref="SubscriptionRateLimiter"/>) or shared by every node (<see cref="RedisSubscriptionRateLimiter"/>).
/// </summary>
public interface ISubscriptionRateLimiter
{
    /// <summary>Takes a token from both buckets, or says how long until the emptier one has one again.</summary>
    ValueTask<RateDecision> TryAcquireAsync(Guid subscriptionId, int perSecond, int perMinute, CancellationToken cancellationToken);
}
