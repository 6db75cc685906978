using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Gateway;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Jobs;

namespace TrustVault.Tests.Webhooks;

/// <summary>With the default settings (no private addresses), loopback endpoints are refused at delivery too, not only at registration.</summary>
[Collection(AppCollection.Name)]
public sealed class WebhookGuardTests(MappedHostsFactory factory, LocalReceiver receiver) : IClassFixture<MappedHostsFactory>, IClassFixture<LocalReceiver>
{
    [Fact]
    public async Task A_loopback_endpoint_that_reached_the_database_is_refused_at_delivery_time()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var customer = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("customer@trustvault.dev"))!.Id;
        var organization = (await services.GetRequiredService<OrganizationService>().GetCurrentAsync(customer, CancellationToken.None))!.OrganizationId;
        var endpoint = new WebhookEndpoint
        {
            OrganizationId = organization,
            Url = $"https://127.0.0.1:{receiver.Url.Port}/hooks",
            Events = WebhookEndpoint.AllEvents,
            ProtectedSecret = services.GetRequiredService<WebhookSecretProtector>().Protect(WebhookSignature.NewSecret())
        };
        var db = services.GetRequiredService<TrustVaultDbContext>();
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        await services.GetRequiredService<WebhookService>().SendTestAsync(customer, organization, endpoint.Id, CancellationToken.None);

        await services.GetRequiredService<WebhookDeliveryJob>().RunAsync(CancellationToken.None);

        Assert.Empty(receiver.Received);
        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.EndpointId == endpoint.Id);
        Assert.Null(delivery.LastStatusCode);
        Assert.Equal("Loopback, private and link-local addresses are not allowed as webhook endpoints.", delivery.LastError);
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
    }

    [Fact]
    public async Task The_sender_refuses_to_connect_to_a_private_address_whatever_the_url_check_said()
    {
        var sender = factory.Services.GetRequiredService<IWebhookSender>();
        var request = new WebhookRequest(receiver.Url, "evt_1", "ping", 0, "t=0,v1=00", "{}");

        await Assert.ThrowsAsync<HttpRequestException>(() => sender.SendAsync(request, CancellationToken.None));
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::7f00:1")]
    [InlineData("::ffff:0:7f00:1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::")]
    public async Task The_sender_refuses_a_name_that_resolves_to_loopback_in_any_form_at_delivery_time(string address)
    {
        // A name that passed registration and points inside only when the webhook is sent.
        var host = $"h{Guid.NewGuid():N}.receiver.example";
        factory.Map(host, IPAddress.Parse(address));
        var sender = factory.Services.GetRequiredService<IWebhookSender>();
        var request = new WebhookRequest(new Uri($"https://{host}:{receiver.Url.Port}/hooks"), "evt_1", "ping", 0, "t=0,v1=00", "{}");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => sender.SendAsync(request, CancellationToken.None));

        Assert.Contains("resolves only to addresses the gateway may not call", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}
