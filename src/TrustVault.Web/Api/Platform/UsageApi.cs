using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Errors;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// The organization's calls per day and API, where each subscription stands against its monthly quota, the drill-down by day,
/// key, endpoint and status class with the failed calls, and one call looked up by its request id.
/// </summary>
internal static class UsageApi
{
    public const int MaxDays = 90;

    public sealed record SubscriptionQuota(
        Guid SubscriptionId, Guid ListingId, string ListingName, string PlanName, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
        long Used, long Included, long Remaining, bool HardCap);

    public sealed record UsageReport(int Days, UsageSummary Usage, IReadOnlyList<SubscriptionQuota> Quotas);

    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organizations/{organizationId:guid}/usage", GetAsync)
            .ProducesValidationProblem()
            .WithName("GetUsage")
            .WithSummary($"Calls and server errors per day and API over the last days (1 to {MaxDays}, default 30), and the remaining quota of each subscription this month.")
            .WithDescription("errors counts the calls answered 5xx only; the failed calls (ListFailedCalls) also take in the 4xx ones.")
            .WithTags("Usage");
        api.MapGet("/organizations/{organizationId:guid}/usage/groups", GroupsAsync)
            .ProducesValidationProblem()
            .WithName("GetUsageGroups")
            .WithSummary($"Calls, bytes and mean latency per UTC day, key, endpoint and status class: from and to as yyyy-MM-dd (at most {UsageFilter.MaxDays} days, "
                + "the last 30 by default), optionally one keyId, listingId, route or statusClass (2xx to 5xx); paged like invoices.")
            .WithTags("Usage");
        api.MapGet("/organizations/{organizationId:guid}/usage/errors", FailedCallsAsync)
            .ProducesValidationProblem()
            .WithName("ListFailedCalls")
            .WithSummary("The calls answered 4xx or 5xx, newest first, with their request ids; the same filters as the groups, paged.")
            .WithDescription("Client errors (4xx) are counted here as well as server errors (5xx), so its total is more than GetUsage's errors, which count only 5xx.")
            .WithTags("Usage");
        api.MapGet("/organizations/{organizationId:guid}/calls/{requestId}", CustomerCallAsync)
            .WithName("GetCall")
            .WithSummary("One call the organization made, by its X-TrustVault-Request-Id. Another organization's call is 404, as an unknown id is.")
            .WithTags("Usage");
        api.MapGet("/organizations/{organizationId:guid}/listings/calls/{requestId}", ProviderCallAsync)
            .WithName("GetListingCall")
            .WithSummary("One call made to one of the organization's listings, by its X-TrustVault-Request-Id: the customer is named by its organization only, "
                + "without its key. A call to another provider's listing is 404, as an unknown id is.")
            .WithTags("Usage");
        return api;
    }

    private static async Task<Ok<PlatformList<UsageGroup>>> GroupsAsync(
        Guid organizationId, [AsParameters] UsageQuery query, int? page, int? pageSize, ClaimsPrincipal user, UsageDrillDownService usage, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "groups");
        var result = await usage.GroupsAsync(user.RequireUserId(), organizationId, query.ToFilter(clock.GetUtcNow()), number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<UsageGroup>(number, size, result.Total, result.Items));
    }

    private static async Task<Ok<PlatformList<FailedCall>>> FailedCallsAsync(
        Guid organizationId, [AsParameters] UsageQuery query, int? page, int? pageSize, ClaimsPrincipal user, UsageDrillDownService usage, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "calls");
        var result = await usage.FailedCallsAsync(user.RequireUserId(), organizationId, query.ToFilter(clock.GetUtcNow()), number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<FailedCall>(number, size, result.Total, result.Items));
    }

    private static async Task<Ok<CallDetails>> CustomerCallAsync(
        Guid organizationId, string requestId, ClaimsPrincipal user, UsageDrillDownService usage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await usage.CustomerCallAsync(user.RequireUserId(), organizationId, requestId, cancellationToken));

    private static async Task<Ok<CallDetails>> ProviderCallAsync(
        Guid organizationId, string requestId, ClaimsPrincipal user, UsageDrillDownService usage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await usage.ProviderCallAsync(user.RequireUserId(), organizationId, requestId, cancellationToken));

    private static async Task<Ok<UsageReport>> GetAsync(
        Guid organizationId, int? days, ClaimsPrincipal user, UsageService usage, SubscriptionService subscriptions, IQuotaReservations quotas,
        CancellationToken cancellationToken)
    {
        var window = days ?? 30;
        if (window is < 1 or > MaxDays)
        {
            throw new InvalidInputException("days", $"Choose 1 to {MaxDays} days.");
        }

        var userId = user.RequireUserId();
        var summary = await usage.ForCustomerAsync(userId, organizationId, window, cancellationToken);
        var quotaRows = new List<SubscriptionQuota>();
        foreach (var subscription in await subscriptions.ListAsync(userId, organizationId, cancellationToken))
        {
            var quota = new QuotaStatus(
                await quotas.GetUsedAsync(subscription.Id, subscription.Period, cancellationToken), subscription.IncludedCallsPerMonth, subscription.HardCap);
            quotaRows.Add(new SubscriptionQuota(
                subscription.Id, subscription.ListingId, subscription.ListingName, subscription.PlanName, subscription.Period.Start, subscription.Period.End,
                quota.Used, quota.Included, quota.Remaining, quota.HardCap));
        }

        return TypedResults.Ok(new UsageReport(window, summary, quotaRows));
    }
}
