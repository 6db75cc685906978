using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Platform;

namespace TrustVault.Tests.Billing;

/// <summary>The app with Stripe as payment provider at an address where nothing listens: a network outage.</summary>
public sealed class UnreachableStripeFactory : TrustVaultFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Stripe:SecretKey", "sk_test_trustvault");
        builder.UseSetting("Stripe:WebhookSecret", FakeStripe.WebhookSecret);
        builder.UseSetting("Stripe:ApiBase", $"http://127.0.0.1:{ClosedPort()}");
        builder.UseSetting("Stripe:PublicBaseUrl", "https://trustvault.test");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[Collection(AppCollection.Name)]
public sealed class StripeOutageTests(UnreachableStripeFactory factory) : IClassFixture<UnreachableStripeFactory>
{
    [Fact]
    public async Task Subscribing_while_stripe_cannot_be_reached_is_a_503_problem_and_starts_nothing()
    {
        var (userId, organization, plan) = await factory.WithAsync(async services =>
        {
            var userId = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("customer@trustvault.dev"))!.Id;
            var organization = await services.GetRequiredService<OrganizationService>().CreateAsync(userId, "Umbrella", CancellationToken.None);
            var plan = await services.GetRequiredService<TrustVaultDbContext>().Plans
                .Where(p => p.Name == "Starter" && p.Listing!.Slug == "business-intelligence").Select(p => p.Id).SingleAsync();
            return (userId, organization, plan);
        });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(userId));

        var response = await client.PostAsJsonAsync($"/api/v1/organizations/{organization}/subscriptions", new { planId = plan, confirm = true });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("payment provider cannot be reached", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await factory.WithAsync(services => services.GetRequiredService<TrustVaultDbContext>().Subscriptions.ForOrganization(organization).AnyAsync()));
    }
}
