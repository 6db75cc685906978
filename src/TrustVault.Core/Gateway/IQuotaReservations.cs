using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

/// <summary>
/// The calls each subscription has taken of its quota in a billing period: those counted (billable, their usage events
/// written) and those reserved by calls still in flight. A call reserves its unit before it is served, in the same atomic
/// step that checks the cap, so parallel calls cannot all pass the check on a count that has not moved yet; the unit is
/// released when the call turns out not billable (or its event is not written), and is the call's count once its event
/// is. Counts start from the database (<see cref="BillableCalls"/>), which stays the source of truth. The in-process
/// store is exact on one node; a store shared by the nodes makes the cap exact across them. <see cref="UsageRecorder"/>
/// settles each call through <see cref="IQuotaCounts"/> from its writer loop, which every call's answer waits
/// on: a store handles its own failures there rather than throw.
/// </summary>
public interface IQuotaReservations : IQuotaCounts
{
    /// <summary>Calls counted and reserved.</summary>
    Task<long> GetUsedAsync(Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken);

    /// <summary>Reserves one call unless <paramref name="cap"/> calls are taken already; without a cap (overage plans) always.</summary>
    Task<QuotaReservation> TryReserveAsync(Guid subscriptionId, BillingPeriod period, long? cap, CancellationToken cancellationToken);
}
