using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Webhooks;

public static class WebhookPublisher
{
    /// <summary>
    /// Adds the event and one delivery per enabled endpoint of the organization that subscribes to its type to
    /// the context, so they commit (or not) with the change they describe: no event is lost, none is sent for a
    /// change that rolled back. Adds nothing when no endpoint listens.
    /// </summary>
    /// <param name="at">When the change happened: the event's <c>created_at</c>.</param>
    /// <param name="data">Ids, names and amounts only, never a secret; property names are sent in snake_case.</param>
    public static async Task PublishWebhookAsync(
        this TrustVaultDbContext db, DateTimeOffset at, Guid organizationId, string type, object data, CancellationToken cancellationToken)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking().ForOrganization(organizationId)
            .Where(e => e.IsEnabled)
            .Select(e => new { e.Id, e.Events })
            .ToListAsync(cancellationToken);
        var listening = endpoints.Where(e => WebhookEndpoint.Subscribes(e.Events, type)).Select(e => e.Id).ToList();
        if (listening.Count > 0)
        {
            db.AddWebhookEvent(WebhookEvent.Create(organizationId, type, at, data), listening);
        }
    }

    /// <summary>An enum value as payloads spell it: <c>PastDue</c> → <c>past_due</c>.</summary>
    public static string WebhookValue(this Enum value) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    internal static void AddWebhookEvent(this TrustVaultDbContext db, WebhookEvent webhookEvent, IEnumerable<Guid> endpointIds)
    {
        db.WebhookEvents.Add(webhookEvent);
        db.WebhookDeliveries.AddRange(endpointIds.Select(endpointId => new WebhookDelivery
        {
            OrganizationId = webhookEvent.OrganizationId,
            EventId = webhookEvent.Id,
            EndpointId = endpointId,
            Status = WebhookDeliveryStatus.Pending,
            CreatedAt = webhookEvent.CreatedAt,
            NextAttemptAt = webhookEvent.CreatedAt,
        }));
    }
}
