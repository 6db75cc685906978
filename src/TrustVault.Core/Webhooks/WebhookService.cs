using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Egress;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Webhooks;

public sealed record WebhookEndpointInput
{
    public string Url { get; init; } = "";
    public string? Description { get; init; }

    /// <summary>Every event, including types added later; <see cref="Events"/> is then ignored.</summary>
    public bool AllEvents { get; init; }

    public IReadOnlyCollection<string> Events { get; init; } = [];
}

public sealed record WebhookEndpointView(
    Guid Id, string Url, string? Description, bool AllEvents, IReadOnlyList<string> Events, bool IsEnabled, DateTimeOffset CreatedAt);

/// <summary>A new endpoint with its signing secret, which owners can show again later.</summary>
public sealed record CreatedWebhookEndpoint(WebhookEndpointView Endpoint, string Secret);

public sealed record WebhookDeliveryView(
    Guid Id, string EventId, string EventType, Guid EndpointId, string EndpointUrl, WebhookDeliveryStatus Status, int AttemptCount,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt);

public sealed record WebhookAttemptView(DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <summary>
/// An organization's webhook endpoints and their delivery log. Every member may read them (secrets excepted);
/// only owners add, change, delete, reveal or rotate secrets, send tests and resend.
/// </summary>
public sealed class WebhookService(
    IDbContextFactory<TrustVaultDbContext> contexts, UpstreamUrlPolicy urls, IWebhookDeliveryTrigger trigger, WebhookSecretProtector secrets, TimeProvider clock)
{
    public const int MaxEndpointsPerOrganization = 10;
    private const OrganizationRole Manager = OrganizationRole.Owner;

    public async Task<IReadOnlyList<WebhookEndpointView>> ListEndpointsAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var endpoints = await Registered(db.WebhookEndpoints.AsNoTracking().ForOrganization(organizationId)).ToListAsync(cancellationToken);
        return [.. endpoints.Select(View)];
    }

    /// <summary>One page of the organization's endpoints, in the order they were registered, as <see cref="ListEndpointsAsync"/> orders them all.</summary>
    /// <param name="page">From 0.</param>
    public async Task<ItemPage<WebhookEndpointView>> ListEndpointsPageAsync(
        string userId, Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var mine = db.WebhookEndpoints.AsNoTracking().ForOrganization(organizationId);
        var endpoints = await Registered(mine).Page(page, Math.Clamp(pageSize, 1, 100)).ToListAsync(cancellationToken);
        return new ItemPage<WebhookEndpointView>([.. endpoints.Select(View)], await mine.CountAsync(cancellationToken));
    }

    private static IOrderedQueryable<WebhookEndpoint> Registered(IQueryable<WebhookEndpoint> endpoints) =>
        endpoints.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id);

    public async Task<CreatedWebhookEndpoint> CreateEndpointAsync(string userId, Guid organizationId, WebhookEndpointInput input, CancellationToken cancellationToken)
    {
        var (url, description, events) = Validate(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Manager);
        if (await db.WebhookEndpoints.ForOrganization(organizationId).CountAsync(cancellationToken) >= MaxEndpointsPerOrganization)
        {
            throw new InvalidInputException("Url", $"An organization may have at most {MaxEndpointsPerOrganization} endpoints: delete one first.");
        }

        var secret = WebhookSignature.NewSecret();
        var endpoint = new WebhookEndpoint { OrganizationId = organizationId, Url = url, Description = description, Events = events, ProtectedSecret = secrets.Protect(secret) };
        db.WebhookEndpoints.Add(endpoint);
        db.Record(clock, userId, organizationId, "webhook.endpoint-created", nameof(WebhookEndpoint), endpoint.Id, url);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedWebhookEndpoint(View(endpoint), secret);
    }

    public async Task UpdateEndpointAsync(string userId, Guid organizationId, Guid endpointId, WebhookEndpointInput input, CancellationToken cancellationToken)
    {
        var (url, description, events) = Validate(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await ManagedAsync(db, userId, organizationId, endpointId, cancellationToken);
        (endpoint.Url, endpoint.Description, endpoint.Events) = (url, description, events);
        db.Record(clock, userId, organizationId, "webhook.endpoint-updated", nameof(WebhookEndpoint), endpoint.Id, url);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A disabled endpoint gets no new events; its pending deliveries fail at their next attempt.</summary>
    public async Task SetEnabledAsync(string userId, Guid organizationId, Guid endpointId, bool enabled, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await ManagedAsync(db, userId, organizationId, endpointId, cancellationToken);
        endpoint.IsEnabled = enabled;
        db.Record(clock, userId, organizationId, enabled ? "webhook.endpoint-enabled" : "webhook.endpoint-disabled", nameof(WebhookEndpoint), endpoint.Id);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Deletes the endpoint with its deliveries and their log.</summary>
    public async Task DeleteEndpointAsync(string userId, Guid organizationId, Guid endpointId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await ManagedAsync(db, userId, organizationId, endpointId, cancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        db.Record(clock, userId, organizationId, "webhook.endpoint-deleted", nameof(WebhookEndpoint), endpoint.Id, endpoint.Url);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<string> RevealSecretAsync(string userId, Guid organizationId, Guid endpointId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await ManagedAsync(db, userId, organizationId, endpointId, cancellationToken);
        db.Record(clock, userId, organizationId, "webhook.secret-revealed", nameof(WebhookEndpoint), endpoint.Id);
        await db.SaveChangesAsync(cancellationToken);
        return secrets.Unprotect(endpoint.ProtectedSecret);
    }

    /// <summary>A new secret signs every attempt from now on, retries of older events included.</summary>
    public async Task<string> RotateSecretAsync(string userId, Guid organizationId, Guid endpointId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await ManagedAsync(db, userId, organizationId, endpointId, cancellationToken);
        var secret = WebhookSignature.NewSecret();
        endpoint.ProtectedSecret = secrets.Protect(secret);
        db.Record(clock, userId, organizationId, "webhook.secret-rotated", nameof(WebhookEndpoint), endpoint.Id);
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>Queues a <see cref="WebhookEventTypes.Ping"/> event to this endpoint only; returns its event id.</summary>
    public async Task<string> SendTestAsync(string userId, Guid organizationId, Guid endpointId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await ManagedAsync(db, userId, organizationId, endpointId, cancellationToken);
        if (!endpoint.IsEnabled)
        {
            throw new InvalidInputException("Endpoint", "Enable the endpoint before sending it a test event.");
        }

        var ping = WebhookEvent.Create(organizationId, WebhookEventTypes.Ping, clock.GetUtcNow(), new { EndpointId = endpoint.Id, Message = "A test event from TrustVault." });
        db.AddWebhookEvent(ping, [endpoint.Id]);
        await db.SaveChangesAsync(cancellationToken);
        return ping.Id;
    }

    /// <summary>The organization's deliveries, newest first; of one endpoint when <paramref name="endpointId"/> is given.</summary>
    public async Task<ItemPage<WebhookDeliveryView>> ListDeliveriesAsync(
        string userId, Guid organizationId, Guid? endpointId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var mine = db.WebhookDeliveries.AsNoTracking().ForOrganization(organizationId).Where(d => endpointId == null || d.EndpointId == endpointId);
        var size = Math.Clamp(pageSize, 1, 100);
        var items = await mine.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Page(page, size)
            .Select(d => new WebhookDeliveryView(
                d.Id, d.EventId, d.Event!.Type, d.EndpointId, d.Endpoint!.Url, d.Status, d.AttemptCount, d.LastStatusCode, d.LastError, d.CreatedAt,
                d.LastAttemptAt, d.NextAttemptAt))
            .ToListAsync(cancellationToken);
        return new ItemPage<WebhookDeliveryView>(items, await mine.CountAsync(cancellationToken));
    }

    /// <summary>Every attempt of one delivery, newest first.</summary>
    public async Task<IReadOnlyList<WebhookAttemptView>> ListAttemptsAsync(string userId, Guid organizationId, Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        if (!await db.WebhookDeliveries.ForOrganization(organizationId).AnyAsync(d => d.Id == deliveryId, cancellationToken))
        {
            throw new NotFoundException("The delivery does not exist.");
        }

        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId)
            .Select(a => new WebhookAttemptView(a.At, a.StatusCode, a.Error, a.DurationMs))
            .ToListAsync(cancellationToken);
        return [.. attempts.OrderByDescending(a => a.At)];
    }

    /// <summary>
    /// Queues one more attempt now, with the same event id and body; automatic retries go on after it while the
    /// event is within <see cref="WebhookRetrySchedule.Window"/>.
    /// </summary>
    public async Task ResendAsync(string userId, Guid organizationId, Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Manager);
        var delivery = await db.WebhookDeliveries.ForOrganization(organizationId).Include(d => d.Endpoint)
            .SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new NotFoundException("The delivery does not exist.");
        if (!delivery.Endpoint!.IsEnabled)
        {
            throw new InvalidInputException("Endpoint", "Enable the endpoint before resending to it.");
        }

        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = clock.GetUtcNow();
        db.Record(clock, userId, organizationId, "webhook.resent", nameof(WebhookDelivery), delivery.Id, delivery.EventId);
        await db.SaveChangesAsync(cancellationToken);
        trigger.DeliveriesQueued();
    }

    private static async Task<WebhookEndpoint> ManagedAsync(
        TrustVaultDbContext db, string userId, Guid organizationId, Guid endpointId, CancellationToken cancellationToken)
    {
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Manager);
        return await db.WebhookEndpoints.ForOrganization(organizationId).SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken)
            ?? throw new NotFoundException("The webhook endpoint does not exist.");
    }

    private (string Url, string? Description, string Events) Validate(WebhookEndpointInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var url = input.Url.Trim();
        if (url.Length is 0 or > WebhookEndpoint.UrlMaxLength)
        {
            errors["Url"] = [$"Enter the https:// address that receives the events (at most {WebhookEndpoint.UrlMaxLength} characters)."];
        }
        else if (urls.CheckWebhookUrl(url) is { } problem)
        {
            errors["Url"] = [problem];
        }

        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (description is { Length: > WebhookEndpoint.DescriptionMaxLength })
        {
            errors["Description"] = [$"Use at most {WebhookEndpoint.DescriptionMaxLength} characters."];
        }

        // A JSON body's list can hold nulls whatever its type says: skipped, as empty names are.
        var events = input.Events.Select(e => (e ?? "").Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (!input.AllEvents && events.Count == 0)
        {
            errors["Events"] = ["Choose at least one event, or all events."];
        }
        else if (!input.AllEvents && events.FirstOrDefault(e => !WebhookEventTypes.IsKnown(e)) is { } unknown)
        {
            errors["Events"] = [$"'{unknown}' is not an event type; choose from {string.Join(", ", WebhookEventTypes.All.Select(t => t.Type))}."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return (url, description, input.AllEvents ? WebhookEndpoint.AllEvents : string.Join(' ', WebhookEventTypes.All.Select(t => t.Type).Where(events.Contains)));
    }

    private static WebhookEndpointView View(WebhookEndpoint endpoint)
    {
        var all = endpoint.Events == WebhookEndpoint.AllEvents;
        return new WebhookEndpointView(
            endpoint.Id, endpoint.Url, endpoint.Description, all, all ? [] : endpoint.Events.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            endpoint.IsEnabled, endpoint.CreatedAt);
    }
}
