using System.Linq.Expressions;

using TrustVault.Core.Organizations;

namespace TrustVault.Core.Metering;

/// <summary>One gateway call that passed key resolution. <see cref="RequestId"/> is unique: a retried write cannot count twice.</summary>
public sealed class UsageEvent : IOrganizationOwned
{
    /// <summary>Longest <see cref="RequestId"/> stored.</summary>
    public const int RequestIdMaxLength = 64;

    /// <summary>Longest <see cref="Method"/> stored: a caller may send any method token, and SQL Server refuses a longer value.</summary>
    public const int MethodMaxLength = 10;

    /// <summary>Longest <see cref="Route"/> stored.</summary>
    public const int RouteMaxLength = 500;

    private DateTimeOffset at;

    /// <summary>
    /// A request id as stored: the gateway writes lower-case hex, so one pasted in upper case from a log is the same call.
    /// Compared with the stored column as is, which keeps the lookup on its index.
    /// </summary>
    public static string StoredRequestId(string requestId) => requestId.Trim().ToLowerInvariant();

    public long Id { get; init; }
    public required string RequestId { get; init; }
    public DateTimeOffset At
    {
        get => at;
        init
        {
            at = value;
            Day = DateOnly.FromDateTime(value.UtcDateTime);
        }
    }

    /// <summary>The UTC day of <see cref="At"/>, stored so that usage is grouped by day in the database on every provider.</summary>
    public DateOnly Day { get; private set; }

    public Guid OrganizationId { get; init; }
    public Guid? SubscriptionId { get; init; }
    public Guid? ListingId { get; init; }
    public Guid ApiKeyId { get; init; }
    public required string Method { get; init; }
    public required string Route { get; init; }
    public int Status { get; init; }
    public int LatencyMs { get; init; }
    public long Bytes { get; init; }

    /// <summary>Made with a test key: shown in usage, never billed nor counted against the quota.</summary>
    public bool IsTest { get; init; }

    /// <summary>
    /// Answered 404 or 405 by a first-party API that has no endpoint for the call's path and method, or 400 by the gateway
    /// for a path it does not forward (dot segments, backslashes): the client's mistake on a path no API serves, shown in
    /// usage, never billed nor counted against the quota. A third-party upstream's 404 is its own answer, which the gateway
    /// cannot tell from a served call.
    /// </summary>
    public bool IsUnknownEndpoint { get; init; }

    /// <summary>
    /// The gateway answered the call itself without letting the upstream or first-party API serve it: no subscription, a
    /// suspended API or an unpaid invoice (402, 403), a rate limit or the quota (429), a body over the size limit (413).
    /// Whatever the upstream or API answers, whatever its status, is its own answer and not one of these.
    /// </summary>
    public bool IsGatewayRefusal { get; init; }

    /// <summary>Calls the gateway did not refuse itself (<see cref="IsGatewayRefusal"/>): those say nothing of the upstream and are never billed.</summary>
    public static Expression<Func<UsageEvent, bool>> NotRefusedByGateway { get; } = e => !e.IsGatewayRefusal;

    /// <summary>
    /// Calls that count against the quota and on the invoice: made with a live key on a subscription, to an endpoint
    /// the API has, and <see cref="NotRefusedByGateway"/>, whatever the upstream answered.
    /// </summary>
    public static Expression<Func<UsageEvent, bool>> Billable { get; } = Both(
        e => !e.IsTest && !e.IsUnknownEndpoint && e.SubscriptionId != null, NotRefusedByGateway);

    private static readonly Func<UsageEvent, bool> IsBillableCompiled = Billable.Compile();

    public bool IsBillable => IsBillableCompiled(this);

    // EF Core inlines the invoked lambda when it translates the query.
    private static Expression<Func<UsageEvent, bool>> Both(Expression<Func<UsageEvent, bool>> first, Expression<Func<UsageEvent, bool>> second) =>
        Expression.Lambda<Func<UsageEvent, bool>>(Expression.AndAlso(first.Body, Expression.Invoke(second, first.Parameters[0])), first.Parameters);
}
