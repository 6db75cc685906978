using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Egress;
using TrustVault.Core.Telemetry;

namespace TrustVault.Core.Webhooks;

/// <summary>
/// Sends the deliveries that are due, signed, each with a <see cref="Timeout"/>: a 2xx answer delivers, anything
/// else schedules the next attempt on <see cref="WebhookRetrySchedule"/> or, past its window, fails the delivery.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<TrustVaultDbContext> contexts,
    IWebhookSender sender,
    UpstreamUrlPolicy urls,
    TrustVaultMetrics metrics,
    WebhookSecretProtector secrets,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger)
{
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests in flight at once: a slow endpoint must not hold up everyone else's events.</summary>
    public const int MaxParallelDeliveries = 8;

    /// <summary>How long events stay in the delivery log: well past the retry window, long enough to look into a month's problems.</summary>
    public const int RetentionDays = 30;

    private const int BatchSize = 100;

    /// <summary>
    /// How long a claimed delivery is hidden from other sweeps; longer than any attempt, so two workers never
    /// send the same delivery at once, and short enough that one a crashed worker claimed is retried soon.
    /// </summary>
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    /// <summary>Attempts every delivery due now, oldest first, <see cref="MaxParallelDeliveries"/> at a time; returns how many attempts were made.</summary>
    public Task<int> DeliverDueAsync(CancellationToken cancellationToken) =>
        DueSweep.RunAsync(DueBatchAsync, BatchSize, MaxParallelDeliveries, (row, token) => AttemptAsync(row.Id, row.Due, token), cancellationToken);

    private async Task<List<DueSweep.DueRow>> DueBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(BatchSize)
            .Select(d => new DueSweep.DueRow(d.Id, d.NextAttemptAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Deletes events older than <see cref="RetentionDays"/> days with their deliveries and attempts; returns how many events.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = clock.GetUtcNow().AddDays(-RetentionDays);
        var old = db.WebhookEvents.Where(e => e.CreatedAt < before);
        await db.WebhookAttempts.Where(a => db.WebhookDeliveries.Any(d => d.Id == a.DeliveryId && old.Any(e => e.Id == d.EventId))).ExecuteDeleteAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => old.Any(e => e.Id == d.EventId)).ExecuteDeleteAsync(cancellationToken);
        return await old.ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>One attempt, if this worker wins the claim on the delivery; false when another one had it.</summary>
    private async Task<bool> AttemptAsync(Guid deliveryId, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimedUntil = clock.GetUtcNow() + Claim;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt == due)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.NextAttemptAt, claimedUntil), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var delivery = await db.WebhookDeliveries.Include(d => d.Event).Include(d => d.Endpoint).SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var at = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        var (status, error) = delivery.Endpoint!.IsEnabled
            ? await SendAsync(delivery.Endpoint, delivery.Event!, cancellationToken)
            : (null, "The endpoint is disabled.");
        var attempt = new WebhookAttempt
        {
            DeliveryId = delivery.Id,
            At = at,
            StatusCode = status,
            Error = error is { Length: > WebhookDelivery.ErrorMaxLength } ? error[..WebhookDelivery.ErrorMaxLength] : error,
            DurationMs = (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds),
        };
        db.WebhookAttempts.Add(attempt);
        delivery.AttemptCount++;
        delivery.LastAttemptAt = at;
        delivery.LastStatusCode = status;
        delivery.LastError = attempt.Error;
        if (status is >= 200 and < 300)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = at;
            delivery.NextAttemptAt = null;
        }
        else
        {
            delivery.NextAttemptAt = delivery.Endpoint.IsEnabled ? WebhookRetrySchedule.NextAttemptAt(delivery.Event!.CreatedAt, delivery.AttemptCount, clock.GetUtcNow()) : null;
            delivery.Status = delivery.NextAttemptAt is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
        }

        await db.SaveChangesAsync(CancellationToken.None);
        metrics.WebhookAttempted(delivery.Status);
        logger.LogInformation(
            "Webhook {EventId} ({Type}) to endpoint {EndpointId}, attempt {Attempt}: {Outcome}",
            delivery.EventId, delivery.Event!.Type, delivery.EndpointId, delivery.AttemptCount, status?.ToString(CultureInfo.InvariantCulture) ?? error);
        return true;
    }

    private async Task<(int? Status, string? Error)> SendAsync(WebhookEndpoint endpoint, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        // Checked again at use: the rules may be stricter than when the endpoint was saved.
        if (urls.CheckWebhookUrl(endpoint.Url) is { } problem)
        {
            return (null, problem);
        }

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var request = new WebhookRequest(
            new Uri(endpoint.Url), webhookEvent.Id, webhookEvent.Type, timestamp, WebhookSignature.Create(secrets.Unprotect(endpoint.ProtectedSecret), timestamp, webhookEvent.Payload),
            webhookEvent.Payload);
        using var timeout = new CancellationTokenSource(Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return (await sender.SendAsync(request, linked.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"No answer within {Timeout.TotalSeconds:0} s."));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (null, e.InnerException is HttpRequestException inner ? inner.Message : e.Message);
        }
    }
}
