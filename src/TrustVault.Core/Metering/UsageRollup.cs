using TrustVault.Core.Organizations;

namespace TrustVault.Core.Metering;

/// <summary>The calls of one subscription in one hour, summed from <see cref="UsageEvent"/>s; keyed by (subscription, hour).</summary>
public sealed class UsageRollup : IOrganizationOwned
{
    /// <summary>What every usage figure named errors counts, as the console's "Errors (5xx)" and the platform API's schemas say.</summary>
    public const string ErrorsDescription = "Calls answered 5xx (server errors) only; calls refused 4xx are not counted here.";

    public Guid SubscriptionId { get; init; }
    public DateTimeOffset HourStart { get; init; }
    public Guid OrganizationId { get; set; }
    public Guid ListingId { get; set; }
    public long Calls { get; set; }

    /// <summary>Calls with a live key: what quotas and invoices count.</summary>
    public long BillableCalls { get; set; }

    public long Errors { get; set; }
    public long LatencyMsSum { get; set; }
    public long Bytes { get; set; }
}
