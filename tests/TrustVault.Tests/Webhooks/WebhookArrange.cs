using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Webhooks;

/// <summary>Endpoints and the events stored for them, over <see cref="CoreTestHost"/>.</summary>
internal static class WebhookArrange
{
    /// <summary>A user owning a team organization, which may take members.</summary>
    public static async Task<(string UserId, Guid OrganizationId)> OwnerAsync(this CoreTestHost host, string email)
    {
        var user = await host.AddUserAsync(email);
        return (user.Id, await host.Get<OrganizationService>().CreateAsync(user.Id, "Team", CancellationToken.None));
    }

    public static async Task<CreatedWebhookEndpoint> EndpointAsync(
        this CoreTestHost host, string userId, Guid organizationId, params string[] events) =>
        await host.Get<WebhookService>().CreateEndpointAsync(userId, organizationId, new WebhookEndpointInput
        {
            Url = "https://hooks.example.com/trustvault",
            AllEvents = events.Length == 0,
            Events = events,
        }, CancellationToken.None);

    /// <summary>The organization's events, oldest first, with their payload's <c>data</c>.</summary>
    public static async Task<IReadOnlyList<(string Type, JsonElement Data)>> EventsAsync(this CoreTestHost host, Guid organizationId)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var events = await db.WebhookEvents.AsNoTracking().Where(e => e.OrganizationId == organizationId).ToListAsync();
        return [.. events.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => (e.Type, JsonDocument.Parse(e.Payload).RootElement.GetProperty("data").Clone()))];
    }
}
