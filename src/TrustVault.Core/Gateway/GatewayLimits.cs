using TrustVault.Core.Metering;

namespace TrustVault.Core.Gateway;

/// <summary><see cref="IGatewayLimits"/> as the rate limiter and the quota store registered, one after the other.</summary>
public sealed class GatewayLimits(ISubscriptionRateLimiter rates, IQuotaReservations quotas) : IGatewayLimits
{
    public async ValueTask<LimitsDecision> TakeAsync(GatewaySubscription subscription, QuotaUse use, CancellationToken cancellationToken)
    {
        var rate = await rates.TryAcquireAsync(subscription.Id, subscription.RatePerSecond, subscription.RatePerMinute, cancellationToken);
        return new LimitsDecision(rate, rate.Allowed ? await TakeQuotaAsync(subscription, use, cancellationToken) : null);
    }

    /// <summary>The quota step alone, for a call that passed the rate limit.</summary>
    public async ValueTask<QuotaReservation?> TakeQuotaAsync(GatewaySubscription subscription, QuotaUse use, CancellationToken cancellationToken)
    {
        switch (use)
        {
            case QuotaUse.Read:
                var used = await quotas.GetUsedAsync(subscription.Id, subscription.Period, cancellationToken);
                return Read(subscription, used);
            case QuotaUse.Reserve:
                return await quotas.TryReserveAsync(subscription.Id, subscription.Period, subscription.HardCap ? subscription.IncludedCalls : null, cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>A read of the calls used, granted unless they reach a hard cap.</summary>
    internal static QuotaReservation Read(GatewaySubscription subscription, long used) =>
        new(new QuotaStatus(used, subscription.IncludedCalls, subscription.HardCap).Allows, used);
}
