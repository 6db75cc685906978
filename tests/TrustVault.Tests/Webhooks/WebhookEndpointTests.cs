using TrustVault.Core.Errors;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Webhooks;

/// <summary>Registering endpoints: the address guard, the input rules, and who may see and manage what.</summary>
public sealed class WebhookEndpointTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();

    private WebhookService Webhooks => host.Get<WebhookService>();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Theory]
    [InlineData("https://10.0.0.5/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://intranet/hooks")]
    public async Task A_private_range_url_is_refused_with_a_clear_message(string url)
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Webhooks.CreateEndpointAsync(owner, organization, new WebhookEndpointInput { Url = url, AllEvents = true }, CancellationToken.None));

        Assert.Equal(["Loopback, private and link-local addresses are not allowed as webhook endpoints."], error.Errors["Url"]);
    }

    [Fact]
    public async Task Bad_input_names_each_field()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Webhooks.CreateEndpointAsync(owner, organization, new WebhookEndpointInput
        {
            Url = "http://hooks.example.com/tv",
            Description = new string('d', WebhookEndpoint.DescriptionMaxLength + 1),
            Events = ["key.created", "key.exploded"],
        }, CancellationToken.None));
        var none = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Webhooks.CreateEndpointAsync(owner, organization, new WebhookEndpointInput { Url = "https://hooks.example.com/tv?token=abc" }, CancellationToken.None));

        Assert.Equal(["Url", "Description", "Events"], error.Errors.Keys);
        Assert.Equal("Use an https:// address.", error.Errors["Url"][0]);
        Assert.Contains("'key.exploded' is not an event type", error.Errors["Events"][0], StringComparison.Ordinal);
        Assert.Equal(["Events"], none.Errors.Keys);
    }

    [Fact]
    public async Task Owners_create_endpoints_with_a_whsec_secret_they_can_reveal_and_rotate()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");

        var created = await host.EndpointAsync(owner, organization, WebhookEventTypes.KeyCreated);
        var revealed = await Webhooks.RevealSecretAsync(owner, organization, created.Endpoint.Id, CancellationToken.None);
        var rotated = await Webhooks.RotateSecretAsync(owner, organization, created.Endpoint.Id, CancellationToken.None);

        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(created.Secret, revealed);
        Assert.NotEqual(created.Secret, rotated);
        Assert.Equal(rotated, await Webhooks.RevealSecretAsync(owner, organization, created.Endpoint.Id, CancellationToken.None));
        var listed = Assert.Single(await Webhooks.ListEndpointsAsync(owner, organization, CancellationToken.None));
        Assert.Equal([WebhookEventTypes.KeyCreated], listed.Events);
    }

    [Fact]
    public async Task Members_who_are_not_owners_see_endpoints_and_deliveries_but_cannot_manage_them()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");
        var developer = await host.AddUserAsync("dev@example.com");
        var organizations = host.Get<OrganizationService>();
        var invitation = await organizations.InviteAsync(owner, organization, "dev@example.com", OrganizationRole.Developer, t => t, CancellationToken.None);
        await organizations.AcceptInvitationAsync(developer.Id, invitation.Token, CancellationToken.None);
        var endpoint = (await host.EndpointAsync(owner, organization)).Endpoint.Id;
        await host.Get<ApiKeyService>().CreateAsync(owner, organization, "server", null, isTest: false, CancellationToken.None);
        var delivery = Assert.Single((await Webhooks.ListDeliveriesAsync(developer.Id, organization, null, 0, 20, CancellationToken.None)).Items);

        Assert.Single(await Webhooks.ListEndpointsAsync(developer.Id, organization, CancellationToken.None));
        Assert.Equal(WebhookEventTypes.KeyCreated, delivery.EventType);
        var ct = CancellationToken.None;
        await Assert.ThrowsAsync<ForbiddenException>(() => host.EndpointAsync(developer.Id, organization));
        await Assert.ThrowsAsync<ForbiddenException>(() => Webhooks.RevealSecretAsync(developer.Id, organization, endpoint, ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Webhooks.RotateSecretAsync(developer.Id, organization, endpoint, ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Webhooks.SetEnabledAsync(developer.Id, organization, endpoint, false, ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Webhooks.DeleteEndpointAsync(developer.Id, organization, endpoint, ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Webhooks.SendTestAsync(developer.Id, organization, endpoint, ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Webhooks.ResendAsync(developer.Id, organization, delivery.Id, ct));
    }

    [Fact]
    public async Task An_owner_of_another_organization_cannot_see_edit_or_resend_its_endpoints_and_deliveries()
    {
        var (ownerA, organizationA) = await host.OwnerAsync("a@example.com");
        var (ownerB, organizationB) = await host.OwnerAsync("b@example.com");
        var endpointB = (await host.EndpointAsync(ownerB, organizationB)).Endpoint.Id;
        await Webhooks.SendTestAsync(ownerB, organizationB, endpointB, CancellationToken.None);
        var deliveryB = Assert.Single((await Webhooks.ListDeliveriesAsync(ownerB, organizationB, null, 0, 20, CancellationToken.None)).Items).Id;
        var ct = CancellationToken.None;

        // Through B's organization id: A is no member.
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.ListEndpointsAsync(ownerA, organizationB, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.ListDeliveriesAsync(ownerA, organizationB, null, 0, 20, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.ResendAsync(ownerA, organizationB, deliveryB, ct));
        // Through A's own organization id with B's endpoint and delivery ids.
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.RevealSecretAsync(ownerA, organizationA, endpointB, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.UpdateEndpointAsync(
            ownerA, organizationA, endpointB, new WebhookEndpointInput { Url = "https://evil.example.com/", AllEvents = true }, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.DeleteEndpointAsync(ownerA, organizationA, endpointB, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.ResendAsync(ownerA, organizationA, deliveryB, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Webhooks.ListAttemptsAsync(ownerA, organizationA, deliveryB, ct));
        Assert.Empty((await Webhooks.ListDeliveriesAsync(ownerA, organizationA, endpointB, 0, 20, ct)).Items);
        Assert.Empty(await Webhooks.ListEndpointsAsync(ownerA, organizationA, ct));
    }
}
