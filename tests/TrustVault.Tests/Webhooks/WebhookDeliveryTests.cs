using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Jobs;

namespace TrustVault.Tests.Webhooks;

/// <summary>The app with loopback endpoints allowed (the receiver runs on 127.0.0.1) and a clock the tests move.</summary>
public sealed class WebhookFactory : TrustVaultFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gateway:AllowPrivateUpstreams", "true");
        builder.UseSetting("Gateway:RequireHttps", "false");
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}

[Collection(AppCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookFactory factory, LocalReceiver receiver) : IClassFixture<WebhookFactory>, IClassFixture<LocalReceiver>
{
    private sealed record Arranged(string UserId, Guid OrganizationId, Guid EndpointId, string Secret);

    private async Task<Arranged> ArrangeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var customer = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("customer@trustvault.dev"))!.Id;
        var organization = (await services.GetRequiredService<OrganizationService>().GetCurrentAsync(customer, CancellationToken.None))!.OrganizationId;
        var webhooks = services.GetRequiredService<WebhookService>();
        foreach (var old in await webhooks.ListEndpointsAsync(customer, organization, CancellationToken.None))
        {
            await webhooks.DeleteEndpointAsync(customer, organization, old.Id, CancellationToken.None);
        }

        var created = await webhooks.CreateEndpointAsync(
            customer, organization, new WebhookEndpointInput { Url = receiver.Url.AbsoluteUri, Events = [WebhookEventTypes.KeyCreated] }, CancellationToken.None);
        while (receiver.Received.TryDequeue(out _))
        {
        }

        return new Arranged(customer, organization, created.Endpoint.Id, created.Secret);
    }

    private async Task<int> RunJobAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var before = receiver.Received.Count;
        await scope.ServiceProvider.GetRequiredService<WebhookDeliveryJob>().RunAsync(CancellationToken.None);
        return receiver.Received.Count - before;
    }

    private async Task<WebhookDelivery> DeliveryAsync(Guid endpointId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().WebhookDeliveries.AsNoTracking()
            .Include(d => d.Attempts).SingleAsync(d => d.EndpointId == endpointId);
    }

    private static void AssertSigned(ReceivedWebhook request, string secret, DateTimeOffset now)
    {
        // The README's recipe, without the app's own Verify.
        var timestamp = request.Headers["TrustVault-Timestamp"];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{request.Body}")));
        Assert.Equal($"t={timestamp},v1={expected}", request.Headers["TrustVault-Signature"]);
        Assert.Equal(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.True(WebhookSignature.Verify(secret, request.Headers["TrustVault-Signature"], request.Body, now));
    }

    [Fact]
    public async Task A_failing_receiver_gets_signed_retries_with_backoff_until_it_answers_200()
    {
        var arranged = await ArrangeAsync();
        receiver.FailuresLeft = 2;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(
                arranged.UserId, arranged.OrganizationId, "webhook test", null, isTest: true, CancellationToken.None);
        }

        Assert.Equal(1, await RunJobAsync());
        AssertSigned(receiver.Received.Last(), arranged.Secret, factory.Clock.GetUtcNow());
        Assert.Equal(0, await RunJobAsync());
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunJobAsync());
        AssertSigned(receiver.Received.Last(), arranged.Secret, factory.Clock.GetUtcNow());
        factory.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await RunJobAsync());
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunJobAsync());

        var requests = receiver.Received.ToList();
        Assert.Single(requests.Select(r => r.Headers["TrustVault-Event-Id"]).Distinct());
        Assert.Single(requests.Select(r => r.Body).Distinct());
        using var body = JsonDocument.Parse(requests[0].Body);
        Assert.Equal(requests[0].Headers["TrustVault-Event-Id"], body.RootElement.GetProperty("id").GetString());
        Assert.Equal("key.created", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("application/json; charset=utf-8", requests[0].Headers["Content-Type"]);
        var delivery = await DeliveryAsync(arranged.EndpointId);
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal([500, 500, 200], delivery.Attempts.OrderBy(a => a.At).Select(a => a.StatusCode));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(0, await RunJobAsync());
    }

    [Fact]
    public async Task A_test_event_and_a_resend_each_make_one_more_attempt_with_the_same_event_id()
    {
        var arranged = await ArrangeAsync();
        receiver.FailuresLeft = 0;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebhookService>().SendTestAsync(arranged.UserId, arranged.OrganizationId, arranged.EndpointId, CancellationToken.None);
        }

        Assert.Equal(1, await RunJobAsync());
        var delivery = await DeliveryAsync(arranged.EndpointId);
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebhookService>().ResendAsync(arranged.UserId, arranged.OrganizationId, delivery.Id, CancellationToken.None);
        }

        Assert.Equal(1, await RunJobAsync());

        var requests = receiver.Received.ToList();
        Assert.Equal(["ping", "ping"], requests.Select(r => r.Headers["TrustVault-Event-Type"]));
        Assert.Equal(delivery.EventId, Assert.Single(requests.Select(r => r.Headers["TrustVault-Event-Id"]).Distinct()));
        var resent = await DeliveryAsync(arranged.EndpointId);
        Assert.Equal(2, resent.AttemptCount);
        Assert.Equal(2, resent.Attempts.Count);
        Assert.Equal(WebhookDeliveryStatus.Delivered, resent.Status);
    }
}
