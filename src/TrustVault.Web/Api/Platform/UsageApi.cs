using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Errors;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>The organization's calls per day and API, and where each subscription stands against its monthly quota.</summary>
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
            .WithSummary($"Calls and errors per day and API over the last days (1 to {MaxDays}, default 30), and the remaining quota of each subscription this month.")
            .WithTags("Usage");
        return api;
    }

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
