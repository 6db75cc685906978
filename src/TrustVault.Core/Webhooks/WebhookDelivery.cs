using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using TrustVault.Core.Organizations;

namespace TrustVault.Core.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first attempt or a retry at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>No 2xx answer within <see cref="WebhookRetrySchedule.Window"/> of the event, or the endpoint was disabled; a resend tries again.</summary>
    Failed,
}

/// <summary>One event on its way to one endpoint: the retry state, with every attempt in <see cref="Attempts"/>.</summary>
public sealed class WebhookDelivery : IOrganizationOwned
{
    public const int ErrorMaxLength = 300;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The event's organization, copied so tenancy filters need no join.</summary>
    public Guid OrganizationId { get; init; }

    public required string EventId { get; init; }
    public WebhookEvent? Event { get; init; }
    public Guid EndpointId { get; init; }
    public WebhookEndpoint? Endpoint { get; init; }
    public WebhookDeliveryStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the next attempt is due; null once delivered or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<WebhookAttempt> Attempts { get; init; } = [];
}

/// <summary>One HTTP attempt of a delivery: the delivery log's rows.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; init; }
    public Guid DeliveryId { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>The status the endpoint answered with; null when it did not answer.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Why no 2xx came (refused, timed out, blocked by the address guard); null on success.</summary>
    public string? Error { get; init; }

    public int DurationMs { get; init; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.EventId).HasMaxLength(40);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.OrganizationId, d.CreatedAt });
        builder.HasIndex(d => new { d.EventId, d.EndpointId }).IsUnique();
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Endpoint).WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.Property(a => a.Error).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        builder.HasIndex(a => new { a.DeliveryId, a.At });
    }
}
