using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustVault.Core.Audit;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Webhooks;

/// <summary>An address of an organization's that receives its lifecycle events, signed with the endpoint's secret.</summary>
public sealed class WebhookEndpoint : IHasTimestamps, IOrganizationOwned
{
    public const int UrlMaxLength = 2000;
    public const int DescriptionMaxLength = 200;

    /// <summary>Stored in <see cref="Events"/> for an endpoint that takes every event, including types added later.</summary>
    public const string AllEvents = "*";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public required string Url { get; set; }
    public string? Description { get; set; }

    /// <summary><see cref="AllEvents"/>, or the subscribed event types separated by spaces.</summary>
    public required string Events { get; set; }

    /// <summary>
    /// The <c>whsec_…</c> key of the HMAC signature, encrypted by <see cref="WebhookSecretProtector"/>. Encrypted rather
    /// than hashed like API keys because each delivery is signed with it; only the organization's owners may read it.
    /// </summary>
    public required string ProtectedSecret { get; set; }

    public bool IsEnabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static bool Subscribes(string events, string type) =>
        events == AllEvents || events.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(type, StringComparer.Ordinal);
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength);
        builder.Property(e => e.Description).HasMaxLength(WebhookEndpoint.DescriptionMaxLength);
        builder.Property(e => e.Events).HasMaxLength(1000);
        // The column kept its name from when it held the secret itself; a protected value is about 200 characters.
        builder.Property(e => e.ProtectedSecret).HasColumnName("Secret").HasMaxLength(1000);
        builder.HasIndex(e => e.OrganizationId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
