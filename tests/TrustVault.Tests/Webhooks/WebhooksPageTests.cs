using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Organization;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Webhooks;

/// <summary>The organization's webhooks page over Core's real services, signed in as the organization's owner.</summary>
public sealed class WebhooksPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public WebhooksPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<WebhookService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    private async Task<IRenderedComponent<OrganizationWebhooks>> RenderSignedInAsync(string email) =>
        RenderSignedIn(email, (await host.OwnerAsync(email)).UserId);

    private IRenderedComponent<OrganizationWebhooks> RenderSignedIn(string email, string userId)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(email);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        return Render<OrganizationWebhooks>();
    }

    private static IElement Input(IRenderedComponent<OrganizationWebhooks> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public async Task An_owner_sees_the_empty_state_then_adds_an_endpoint_gets_its_secret_and_sends_a_test_event()
    {
        var page = await RenderSignedInAsync("page-owner@example.com");
        page.WaitForElement("[data-testid=webhooks-empty]");

        Input(page, "webhook-url").Change("https://hooks.example.com/trustvault");
        page.Find("[data-testid=webhook-save]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("whsec_", page.Find("[data-testid=webhook-secret-value]").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("[data-testid=webhook-endpoint]"));
        Assert.Empty(page.FindAll("[data-testid=webhooks-empty]"));

        page.Find("[data-testid=webhook-test]").Click();

        page.WaitForAssertion(() => Assert.Equal("pending", page.Find("[data-testid=delivery-status]").TextContent.Trim()));
        Assert.Contains("ping", page.Find("[data-testid=webhook-deliveries]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delivery_log_shows_new_events_while_the_page_is_open()
    {
        var (userId, organizationId) = await host.OwnerAsync("page-watcher@example.com");
        var endpoint = await host.EndpointAsync(userId, organizationId);
        var page = RenderSignedIn("page-watcher@example.com", userId);
        page.WaitForElement("[data-testid=webhook-deliveries-empty]");

        // Another tab, the API or an event of the platform's: not this page.
        await host.Get<WebhookService>().SendTestAsync(userId, organizationId, endpoint.Endpoint.Id, CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Contains("ping", page.Find("[data-testid=webhook-deliveries]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_refresh_button_shows_new_events_at_once()
    {
        var (userId, organizationId) = await host.OwnerAsync("page-refresher@example.com");
        var endpoint = await host.EndpointAsync(userId, organizationId);
        var page = RenderSignedIn("page-refresher@example.com", userId);
        page.WaitForElement("[data-testid=webhook-deliveries-empty]");

        await host.Get<WebhookService>().SendTestAsync(userId, organizationId, endpoint.Endpoint.Id, CancellationToken.None);
        page.Find("[data-testid=deliveries-refresh]").Click();

        page.WaitForAssertion(() => Assert.Contains("ping", page.Find("[data-testid=webhook-deliveries]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_phone_the_delivery_log_is_a_card_per_delivery_whose_event_id_wraps()
    {
        var (userId, organizationId) = await host.OwnerAsync("page-phone@example.com");
        var endpoint = await host.EndpointAsync(userId, organizationId);
        await host.Get<WebhookService>().SendTestAsync(userId, organizationId, endpoint.Endpoint.Id, CancellationToken.None);

        var page = RenderSignedIn("page-phone@example.com", userId);

        page.WaitForElement("[data-testid=delivery-event-id]");
        Assert.Contains("mud-sm-table", page.Find("[data-testid=webhook-deliveries]").ClassList);
        Assert.Contains("word-break: break-all", page.Find("[data-testid=delivery-event-id]").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_address_is_refused_next_to_the_url_field()
    {
        var page = await RenderSignedInAsync("page-guard@example.com");
        page.WaitForElement("[data-testid=webhook-form]");

        Input(page, "webhook-url").Change("https://169.254.169.254/latest");
        page.Find("[data-testid=webhook-save]").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "Loopback, private and link-local addresses are not allowed as webhook endpoints.", page.Find("[data-testid=webhook-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=webhook-endpoint]"));
    }
}
