using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Webhooks;

/// <summary>
/// One lifecycle event of an organization. <see cref="Id"/> (<c>evt_…</c>) is the idempotency key receivers
/// dedupe on: every attempt and every resend of the event carries the same id and the same body.
/// </summary>
public sealed class WebhookEvent : IOrganizationOwned
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public required string Id { get; init; }
    public Guid OrganizationId { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The exact request body sent: <c>{"id","type","created_at","organization_id","data"}</c>.</summary>
    public required string Payload { get; init; }

    /// <param name="data">Ids, names and amounts only, never a secret; property names are sent in snake_case.</param>
    public static WebhookEvent Create(Guid organizationId, string type, DateTimeOffset now, object data)
    {
        var id = "evt_" + Guid.CreateVersion7(now).ToString("N");
        var payload = JsonSerializer.Serialize(new { Id = id, Type = type, CreatedAt = now, OrganizationId = organizationId, Data = data }, Json);
        return new WebhookEvent { Id = id, OrganizationId = organizationId, Type = type, CreatedAt = now, Payload = payload };
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.Property(e => e.Id).HasMaxLength(40);
        builder.Property(e => e.Type).HasMaxLength(60);
        builder.HasIndex(e => new { e.OrganizationId, e.CreatedAt });
        // Restrict: SQL Server allows one cascade path to deliveries, and that one runs through the endpoint.
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
