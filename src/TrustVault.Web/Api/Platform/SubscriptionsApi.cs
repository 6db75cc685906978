using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Billing;
using TrustVault.Core.Errors;
using TrustVault.Core.Subscriptions;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// The organization's subscriptions, as the console and the catalog page manage them. Taking a plan goes through the
/// browser's steps: a free new subscription starts at once; a paid plan or a change of plan first answers with its
/// quote (<see cref="SubscriptionStep.ConfirmationRequired"/>) and applies when asked again with <c>confirm</c>; a paid
/// plan without a payment method on file then answers with the payment provider's checkout address.
/// </summary>
internal static class SubscriptionsApi
{
    /// <param name="Confirm">True once whoever pays has seen the quote of a paid plan.</param>
    public sealed record SubscribeRequest(Guid? PlanId, bool Confirm = false);

    /// <param name="Confirm">True once whoever pays has seen the quote of the change.</param>
    public sealed record ChangePlanRequest(Guid? PlanId, bool Confirm = false);

    public enum SubscriptionStep
    {
        /// <summary>Nothing changed: show the quote, then send the same request with <c>confirm</c>.</summary>
        ConfirmationRequired,

        /// <summary>The subscription waits, Incomplete, for the buyer to finish the checkout at <c>checkoutUrl</c>.</summary>
        CheckoutRequired,

        /// <summary>The subscription or its new plan is in force now.</summary>
        Applied,

        /// <summary>A downgrade: the new plan applies at the quote's <c>appliesAt</c>, the end of the current period.</summary>
        Scheduled,
    }

    public sealed record SubscriptionOutcome(SubscriptionStep Step, Guid? SubscriptionId, PlanQuote Quote, string? CheckoutUrl = null);

    /// <param name="EndsAt">When calls stop working: the end of the period paid for, or of the trial.</param>
    public sealed record CanceledSubscription(Guid SubscriptionId, DateTimeOffset EndsAt);

    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder api)
    {
        var subscriptions = api.MapGroup("/organizations/{organizationId:guid}/subscriptions").WithTags("Subscriptions");
        subscriptions.MapGet("", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListSubscriptions")
            .WithSummary($"List the organization's live subscriptions with their plans, newest first: page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20).");
        subscriptions.MapPost("", SubscribeAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("Subscribe")
            .WithSummary("Subscribe to a plan: a free plan at once (201); a paid plan answers with its quote (200) until confirmed, then starts (201) or waits for checkout (202).");
        subscriptions.MapPost("/{subscriptionId:guid}/plan", ChangePlanAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("ChangeSubscriptionPlan")
            .WithSummary("Move to another plan of the same API: answers with the quote until confirmed; an upgrade applies now, prorated, a downgrade at the end of the period.");
        subscriptions.MapPost("/{subscriptionId:guid}/cancel", CancelAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .WithName("CancelSubscription")
            .WithSummary("Cancel at the end of the period paid for (or of the trial): calls keep working until endsAt.")
            .WithDescription("A scheduled downgrade is withdrawn: the subscription ends on its current plan, and withdrawing the cancellation "
                + "(WithdrawScheduledSubscriptionChange) renews it on that plan; ask for the downgrade again (ChangeSubscriptionPlan) to keep it.");
        subscriptions.MapDelete("/{subscriptionId:guid}/scheduled-change", WithdrawScheduledChangeAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("WithdrawScheduledSubscriptionChange")
            .WithSummary("Withdraw a scheduled cancellation or downgrade before it applies: the subscription keeps its plan and renews as before.");
        return api;
    }

    private static async Task<Ok<PlatformList<SubscriptionView>>> ListAsync(
        Guid organizationId, int? page, int? pageSize, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "subscriptions");

        var result = await subscriptions.ListPageAsync(user.RequireUserId(), organizationId, number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<SubscriptionView>(number, size, result.Total, result.Items));
    }

    private static async Task<Results<Ok<SubscriptionOutcome>, Created<SubscriptionOutcome>, Accepted<SubscriptionOutcome>>> SubscribeAsync(
        Guid organizationId, SubscribeRequest request, ClaimsPrincipal user, BillingService billing, SubscriptionService subscriptions,
        CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var quote = await billing.QuoteAsync(userId, organizationId, RequirePlanId(request.PlanId), cancellationToken);
        // The catalog page's rule: only a paid new subscription is confirmed first. A plan of an API the organization
        // already takes is refused by the subscription service, as in the browser.
        if (quote is { Kind: PlanQuoteKind.NewSubscription, IsPaid: true } && !request.Confirm)
        {
            return TypedResults.Ok(new SubscriptionOutcome(SubscriptionStep.ConfirmationRequired, null, quote));
        }

        var result = await subscriptions.SubscribeAsync(userId, organizationId, quote.PlanId, cancellationToken);
        var location = $"/api/v1/organizations/{organizationId}/subscriptions";
        return result.CheckoutUrl is { } checkout
            ? TypedResults.Accepted(location, new SubscriptionOutcome(SubscriptionStep.CheckoutRequired, result.SubscriptionId, quote, checkout))
            : TypedResults.Created(location, new SubscriptionOutcome(SubscriptionStep.Applied, result.SubscriptionId, quote));
    }

    private static async Task<Ok<SubscriptionOutcome>> ChangePlanAsync(
        Guid organizationId, Guid subscriptionId, ChangePlanRequest request, ClaimsPrincipal user, BillingService billing,
        SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var quote = await billing.QuoteChangeAsync(userId, organizationId, subscriptionId, RequirePlanId(request.PlanId), cancellationToken);
        if (!request.Confirm)
        {
            return TypedResults.Ok(new SubscriptionOutcome(SubscriptionStep.ConfirmationRequired, subscriptionId, quote));
        }

        var now = await subscriptions.ChangePlanAsync(userId, organizationId, subscriptionId, quote.PlanId, cancellationToken);
        return TypedResults.Ok(new SubscriptionOutcome(now ? SubscriptionStep.Applied : SubscriptionStep.Scheduled, subscriptionId, quote));
    }

    private static async Task<Ok<CanceledSubscription>> CancelAsync(
        Guid organizationId, Guid subscriptionId, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CanceledSubscription(subscriptionId, await subscriptions.CancelAsync(user.RequireUserId(), organizationId, subscriptionId, cancellationToken)));

    private static async Task<NoContent> WithdrawScheduledChangeAsync(
        Guid organizationId, Guid subscriptionId, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
        await subscriptions.WithdrawScheduledChangeAsync(user.RequireUserId(), organizationId, subscriptionId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static Guid RequirePlanId(Guid? planId) =>
        planId ?? throw new InvalidInputException("PlanId", "Choose the plan: GET /api/v1/catalog/{slug} lists the ids of an API's plans.");
}
