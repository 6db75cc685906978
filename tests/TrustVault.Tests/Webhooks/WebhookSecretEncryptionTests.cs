using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TrustVault.Core.Data;
using TrustVault.Core.Egress;
using TrustVault.Core.Telemetry;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Webhooks;

public sealed class WebhookSecretEncryptionTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private readonly CapturingSender sender = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private WebhookService Webhooks => host.Get<WebhookService>();

    /// <summary>What the database column holds, read past EF as a copy of the file would be.</summary>
    private async Task<string> StoredSecretAsync(Guid endpointId)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.Database.SqlQuery<string>($"SELECT \"Secret\" AS \"Value\" FROM \"WebhookEndpoints\" WHERE \"Id\" = {endpointId}").SingleAsync();
    }

    /// <summary>Sends a test event to the endpoint and returns the request as the receiver got it.</summary>
    private async Task<WebhookRequest> DeliverTestEventAsync(string owner, Guid organization, Guid endpointId)
    {
        await Webhooks.SendTestAsync(owner, organization, endpointId, CancellationToken.None);
        var dispatcher = new WebhookDispatcher(
            host.Get<IDbContextFactory<TrustVaultDbContext>>(), sender, host.Get<UpstreamUrlPolicy>(), host.Get<TrustVaultMetrics>(), host.Get<WebhookSecretProtector>(),
            host.Clock,
            NullLogger<WebhookDispatcher>.Instance);
        Assert.Equal(1, await dispatcher.DeliverDueAsync(CancellationToken.None));
        return sender.Requests[^1];
    }

    [Fact]
    public async Task The_column_holds_no_secret_and_every_delivery_is_signed_with_the_secret_shown_to_the_owner()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");
        var created = await host.EndpointAsync(owner, organization);

        var stored = await StoredSecretAsync(created.Endpoint.Id);
        var delivered = await DeliverTestEventAsync(owner, organization, created.Endpoint.Id);

        Assert.StartsWith(WebhookSignature.SecretPrefix, created.Secret);
        Assert.DoesNotContain(created.Secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret[WebhookSignature.SecretPrefix.Length..], stored, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(created.Secret, delivered.Signature, delivered.Body, host.Clock.GetUtcNow()));
        Assert.Equal(created.Secret, await Webhooks.RevealSecretAsync(owner, organization, created.Endpoint.Id, CancellationToken.None));

        var rotated = await Webhooks.RotateSecretAsync(owner, organization, created.Endpoint.Id, CancellationToken.None);
        var afterRotation = await DeliverTestEventAsync(owner, organization, created.Endpoint.Id);
        Assert.DoesNotContain(rotated, await StoredSecretAsync(created.Endpoint.Id), StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(rotated, afterRotation.Signature, afterRotation.Body, host.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_secret_stored_in_plaintext_before_encryption_is_encrypted_in_place_and_still_signs()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");
        var endpoint = (await host.EndpointAsync(owner, organization)).Endpoint.Id;
        var legacy = WebhookSignature.NewSecret();
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            // A row as the previous version wrote it.
            await db.Database.ExecuteSqlAsync($"UPDATE \"WebhookEndpoints\" SET \"Secret\" = {legacy} WHERE \"Id\" = {endpoint}");
        }

        Assert.Equal(1, await host.Get<WebhookSecretProtector>().ProtectPlaintextAsync(CancellationToken.None));
        Assert.Equal(0, await host.Get<WebhookSecretProtector>().ProtectPlaintextAsync(CancellationToken.None));

        Assert.DoesNotContain(legacy, await StoredSecretAsync(endpoint), StringComparison.Ordinal);
        var delivered = await DeliverTestEventAsync(owner, organization, endpoint);
        Assert.True(WebhookSignature.Verify(legacy, delivered.Signature, delivered.Body, host.Clock.GetUtcNow()));
        Assert.Equal(legacy, await Webhooks.RevealSecretAsync(owner, organization, endpoint, CancellationToken.None));
    }

    private sealed class CapturingSender : IWebhookSender
    {
        public List<WebhookRequest> Requests { get; } = [];

        public Task<int> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(200);
        }
    }
}
