namespace TrustVault.Core.Metering;

/// <summary>
/// The quota counts <see cref="UsageRecorder"/> settles once a call's usage event is written or has failed to be: a
/// reserved unit released, or a billable call written without one counted. The gateway's quota reservations implement
/// it, so metering does not depend on the gateway that depends on it. Called from the writer loop, which every call's
/// answer waits on: an implementation handles its own failures rather than throw.
/// </summary>
public interface IQuotaCounts
{
    /// <summary>Gives back a reserved call that is not billable or whose usage event was not written.</summary>
    Task ReleaseAsync(Guid subscriptionId, DateTimeOffset periodStart);

    /// <summary>Counts billable calls written without a reservation; a count not loaded yet reads them from the database.</summary>
    Task AddAsync(Guid subscriptionId, DateTimeOffset periodStart, long calls);
}
