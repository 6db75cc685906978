using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Webhooks;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>The organization's webhook endpoints and delivery log, as its Webhooks page manages them (Owner to change them).</summary>
internal static class WebhooksApi
{
    /// <param name="Events">Event types to receive; leave out (or set <c>AllEvents</c>) for every event.</param>
    public sealed record CreateEndpointRequest(string? Url, string? Description = null, bool? AllEvents = null, IReadOnlyList<string>? Events = null);

    public sealed record TestEvent(string EventId);

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/organizations/{organizationId:guid}/webhooks").WithTags("Webhooks");
        webhooks.MapGet("", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListWebhookEndpoints")
            .WithSummary($"List the organization's webhook endpoints (never their secrets) in the order they were registered: page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20).");
        webhooks.MapPost("", CreateAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("CreateWebhookEndpoint")
            .WithSummary("Register an endpoint; the response holds its signing secret (whsec_…).");
        webhooks.MapDelete("/{endpointId:guid}", DeleteAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .WithName("DeleteWebhookEndpoint")
            .WithSummary("Delete an endpoint with its delivery log.");
        webhooks.MapPost("/{endpointId:guid}/test", SendTestAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("SendWebhookTestEvent")
            .WithSummary("Queue a ping event to this endpoint only.");
        webhooks.MapGet("/deliveries", ListDeliveriesAsync)
            .ProducesValidationProblem()
            .WithName("ListWebhookDeliveries")
            .WithSummary($"The delivery log, newest first: page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20), optionally of one endpointId.");
        webhooks.MapPost("/deliveries/{deliveryId:guid}/resend", ResendAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("ResendWebhookDelivery")
            .WithSummary("Queue one more attempt of a delivery now, with the same event id and body.");
        return api;
    }

    private static async Task<Ok<PlatformList<WebhookEndpointView>>> ListAsync(
        Guid organizationId, int? page, int? pageSize, ClaimsPrincipal user, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "endpoints");

        var result = await webhooks.ListEndpointsPageAsync(user.RequireUserId(), organizationId, number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<WebhookEndpointView>(number, size, result.Total, result.Items));
    }

    private static async Task<Created<CreatedWebhookEndpoint>> CreateAsync(
        Guid organizationId, CreateEndpointRequest request, ClaimsPrincipal user, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var input = new WebhookEndpointInput
        {
            Url = request.Url ?? "",
            Description = request.Description,
            AllEvents = request.AllEvents ?? request.Events is null,
            Events = request.Events ?? [],
        };
        var created = await webhooks.CreateEndpointAsync(user.RequireUserId(), organizationId, input, cancellationToken);
        return TypedResults.Created($"/api/v1/organizations/{organizationId}/webhooks", created);
    }

    private static async Task<NoContent> DeleteAsync(
        Guid organizationId, Guid endpointId, ClaimsPrincipal user, WebhookService webhooks, CancellationToken cancellationToken)
    {
        await webhooks.DeleteEndpointAsync(user.RequireUserId(), organizationId, endpointId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted<TestEvent>> SendTestAsync(
        Guid organizationId, Guid endpointId, ClaimsPrincipal user, WebhookService webhooks, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, new TestEvent(await webhooks.SendTestAsync(user.RequireUserId(), organizationId, endpointId, cancellationToken)));

    private static async Task<Ok<PlatformList<WebhookDeliveryView>>> ListDeliveriesAsync(
        Guid organizationId, Guid? endpointId, int? page, int? pageSize, ClaimsPrincipal user, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "deliveries");

        var result = await webhooks.ListDeliveriesAsync(user.RequireUserId(), organizationId, endpointId, number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<WebhookDeliveryView>(number, size, result.Total, result.Items));
    }

    private static async Task<Accepted> ResendAsync(
        Guid organizationId, Guid deliveryId, ClaimsPrincipal user, WebhookService webhooks, CancellationToken cancellationToken)
    {
        await webhooks.ResendAsync(user.RequireUserId(), organizationId, deliveryId, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
