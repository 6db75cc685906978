using System.Net;
using System.Numerics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Client;
using TrustVault.Core.Billing;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Api;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Sdk;

/// <summary>The C# SDK against the in-memory app: the platform API with a personal access token, the gateway with an API key.</summary>
[Collection(AppCollection.Name)]
public sealed class TrustVaultClientTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>, IAsyncLifetime
{
    private const string Analytics = "ai-analytics";

    private string customerId = "";
    private Guid organizationId;
    private string token = "";

    public async Task InitializeAsync()
    {
        await DemoCustomer.UseRoomiestPlanAsync(factory, Analytics);
        await DemoCustomer.UseRoomiestPlanAsync(factory, TrustVaultClient.PrivacyListing);
        await using var scope = factory.Services.CreateAsyncScope();
        (customerId, organizationId) = await DemoCustomer.OrganizationAsync(scope.ServiceProvider);
        token = (await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(customerId, $"sdk tests {Guid.NewGuid():N}", TokenScopes.Read | TokenScopes.Write, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None)).Secret;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_key_created_with_the_sdk_calls_an_api_through_the_gateway_and_the_call_shows_in_usage()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);

        var organizations = await platform.ListOrganizationsAsync();
        var globex = Assert.Single(organizations.Items, o => o.OrganizationId == organizationId);
        Assert.Equal("Owner", globex.Role);
        var callsBefore = (await platform.GetUsageAsync(organizationId, days: 1)).Usage.Calls;

        var issued = await platform.CreateKeyAsync(organizationId, "sdk test key");
        Assert.Contains((await platform.ListKeysAsync(organizationId)).Items, k => k.Id == issued.Key.Id && k.IsUsable);

        using var gateway = new TrustVaultClient(factory.CreateClient(), apiKey: issued.Secret);
        using var response = await gateway.CallAsync(Analytics, HttpMethod.Get, "/v1/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await factory.UsageImportedAsync(response);

        var usage = await platform.GetUsageAsync(organizationId, days: 1);
        var analytics = Assert.Single((await platform.ListSubscriptionsAsync(organizationId)).Items, s => s.ListingSlug == Analytics);
        Assert.True(usage.Usage.Calls > callsBefore, $"usage shows {usage.Usage.Calls} calls, {callsBefore} before the call");
        Assert.Contains(usage.Usage.Daily, d => d.ListingId == analytics.ListingId && d.Calls > 0);
        Assert.Contains(usage.Quotas, q => q.SubscriptionId == analytics.Id && q.Used > 0);
    }

    [Fact]
    public async Task A_rotated_key_gets_a_new_secret_while_the_old_key_stays_listed()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);
        var issued = await platform.CreateKeyAsync(organizationId, "sdk rotated key");

        var replacement = await platform.RotateKeyAsync(organizationId, issued.Key.Id, graceHours: 1);

        Assert.NotEqual(issued.Secret, replacement.Secret);
        var keys = (await platform.ListKeysAsync(organizationId)).Items;
        Assert.Contains(keys, k => k.Id == issued.Key.Id);
        Assert.Contains(keys, k => k.Id == replacement.Key.Id && k.IsUsable);
    }

    [Fact]
    public async Task Invoices_read_through_the_sdk_carry_their_lines()
    {
        var invoiceId = Guid.CreateVersion7();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            db.Invoices.Add(new Core.Billing.Invoice
            {
                Id = invoiceId,
                OrganizationId = organizationId,
                PeriodStart = new DateTimeOffset(2020, 9, 1, 0, 0, 0, TimeSpan.Zero),
                PeriodEnd = new DateTimeOffset(2020, 10, 1, 0, 0, 0, TimeSpan.Zero),
                Currency = "USD",
                Number = Core.Billing.Invoice.FormatNumber(2020, 9101),
                NumberYear = 2020,
                NumberSequence = 9101,
                Total = 49m,
                IssuedAt = new DateTimeOffset(2020, 10, 1, 1, 0, 0, TimeSpan.Zero),
                Lines = [new Core.Billing.InvoiceLine { InvoiceId = invoiceId, Kind = InvoiceLineKind.Fee, Description = "Pro plan", Quantity = 1, UnitAmount = 49m, Amount = 49m }],
            });
            await db.SaveChangesAsync();
        }

        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);

        var page = await platform.ListInvoicesAsync(organizationId, page: 1, pageSize: 100);
        var invoice = await platform.GetInvoiceAsync(organizationId, invoiceId);

        Assert.Contains(page.Items, i => i.Id == invoiceId && i.Status == "Open");
        Assert.Equal("TV-2020-009101", invoice.Number);
        var line = Assert.Single(invoice.Lines);
        Assert.Equal(("Fee", "Pro plan", 49m), (line.Kind, line.Description, line.Amount));
    }

    [Fact]
    public async Task A_provider_lists_its_own_listings_with_stats()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var email = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Provider).Email;
        var provider = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
        var providerOrganization = (await scope.ServiceProvider.GetRequiredService<OrganizationService>().GetCurrentAsync(provider, CancellationToken.None))!.OrganizationId;
        var providerToken = (await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(provider, $"sdk tests {Guid.NewGuid():N}", TokenScopes.Read, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None)).Secret;
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: providerToken);

        var listings = (await platform.ListListingsAsync(providerOrganization, days: 7)).Items;

        Assert.NotEmpty(listings);
        Assert.All(listings, l => Assert.False(string.IsNullOrEmpty(l.Listing.Slug)));
        Assert.All(listings, l => Assert.NotNull(l.Stats));
    }

    [Fact]
    public async Task A_webhook_endpoint_registered_with_the_sdk_gets_the_events_it_asked_for_and_can_be_resent_and_deleted()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);
        var created = await platform.CreateWebhookAsync(organizationId, "https://hooks.example.com/sdk", ["key.created"], "sdk test");

        await platform.CreateKeyAsync(organizationId, "sdk webhook key");
        var ping = await platform.SendTestWebhookAsync(organizationId, created.Endpoint.Id);
        var deliveries = await platform.ListWebhookDeliveriesAsync(organizationId, endpointId: created.Endpoint.Id);
        await platform.ResendWebhookDeliveryAsync(organizationId, deliveries.Items[0].Id);
        var refused = await Assert.ThrowsAsync<TrustVaultApiException>(() => platform.CreateWebhookAsync(organizationId, "https://169.254.169.254/latest"));
        await platform.DeleteWebhookAsync(organizationId, created.Endpoint.Id);

        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.Equal([("ping", ping), ("key.created", null)], deliveries.Items.Select(d => (d.EventType, d.EventType == "ping" ? d.EventId : null)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain((await platform.ListWebhooksAsync(organizationId)).Items, e => e.Id == created.Endpoint.Id);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_by_the_gateway_as_a_problem()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);
        var issued = await platform.CreateKeyAsync(organizationId, "sdk revoked key");
        await platform.RevokeKeyAsync(organizationId, issued.Key.Id);

        using var gateway = new TrustVaultClient(factory.CreateClient(), apiKey: issued.Secret);
        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => gateway.CallAsync(Analytics, HttpMethod.Get, "/v1/ping"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(401, error.Problem.Status);
    }

    [Fact]
    public async Task The_catalog_gives_the_plan_ids_subscriptions_name()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);

        var listing = await platform.GetCatalogListingAsync(Analytics);
        var subscription = Assert.Single((await platform.ListSubscriptionsAsync(organizationId)).Items, s => s.ListingSlug == Analytics);
        var missing = await Assert.ThrowsAsync<TrustVaultApiException>(() => platform.GetCatalogListingAsync("no-such-api"));

        Assert.Equal(Analytics, listing.Slug);
        Assert.Contains(listing.Plans, p => p.MonthlyPrice == 0);
        Assert.Contains(subscription.PlanId, listing.Plans.Select(p => p.Id));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_organization_the_user_is_not_in_surfaces_as_a_404_api_exception_with_its_detail()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);

        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => platform.ListKeysAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(404, error.Problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(error.Title));
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
        Assert.StartsWith("404 ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sdk_drills_usage_down_and_finds_a_gateway_call_by_its_request_id()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);
        var issued = await platform.CreateKeyAsync(organizationId, "sdk drill-down key");
        using var gateway = new TrustVaultClient(factory.CreateClient(), apiKey: issued.Secret);
        using var response = await gateway.CallAsync(Analytics, HttpMethod.Get, "/v1/ping");
        var requestId = response.Headers.GetValues("X-TrustVault-Request-Id").Single();
        await factory.UsageImportedAsync(response);

        var call = await platform.GetCallAsync(organizationId, requestId);
        var groups = await platform.GetUsageGroupsAsync(organizationId, new UsageFilter(KeyId: issued.Key.Id, StatusClass: "2xx"));
        var failed = await platform.ListFailedCallsAsync(organizationId, new UsageFilter(KeyId: issued.Key.Id));

        Assert.Equal(("sdk drill-down key", 200, true), (call.KeyName, call.Status, call.Billable));
        var group = Assert.Single(groups.Items);
        Assert.Equal((1L, "/ai-analytics/v1/ping"), (group.Calls, group.Route));
        Assert.Equal(0, failed.Total);
        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => platform.GetListingCallAsync(organizationId, requestId));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Invalid_input_surfaces_the_field_errors_of_the_problem()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);

        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => platform.GetUsageAsync(organizationId, days: 365));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("90", Assert.Single(error.Errors["days"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_token_surfaces_as_a_401_api_exception()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: "tvp_00000000000000000000000000000000_nope");

        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => platform.ListOrganizationsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Values_encrypted_with_the_sdk_and_summed_by_the_privacy_api_decrypt_to_the_plain_sum()
    {
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);
        var issued = await platform.CreateKeyAsync(organizationId, "sdk paillier key");
        using var gateway = new TrustVaultClient(factory.CreateClient(), apiKey: issued.Secret);
        var keys = PaillierKeyPair.Generate(2048);
        BigInteger[] values = [1_250, -300, 7_000_000_000, 0, 42];

        var pool = new PaillierRandomizerPool(keys);
        pool.Fill(3);

        // Pooled CRT randomizers for three values, fresh public-key ones for the rest; sent in the compact encoding.
        var sum = await gateway.PaillierSumAsync(keys.PublicKey, [.. values.Take(3).Select(pool.Encrypt), .. values.Skip(3).Select(keys.PublicKey.Encrypt)]);

        Assert.Equal(values.Aggregate(BigInteger.Add), keys.Decrypt(sum));
    }

    [Fact]
    public async Task An_exhausted_privacy_budget_surfaces_as_a_403_of_its_own_type_after_one_request()
    {
        var counter = new RequestCounter();
        using var gateway = new TrustVaultClient(factory.CreateDefaultClient(counter), apiKey: DemoSeedOptions.CustomerApiKey);
        using var platform = new TrustVaultClient(factory.CreateClient(), personalAccessToken: token);
        var registered = await platform.CreatePrivacyDatasetAsync(organizationId, $"sdk {Guid.NewGuid():N}", epsilonBudget: 10, deltaBudget: 0);
        var dataset = registered.Id;
        var values = new[] { 1.0, 2, 3 };

        // The whole budget in one release, then one more.
        await gateway.PostJsonAsync<Dictionary<string, object>>(TrustVaultClient.PrivacyListing, "/v1/dp/count", new { dataset, values, mechanism = "laplace", epsilon = 10 });
        var error = await Assert.ThrowsAsync<TrustVaultApiException>(
            () => gateway.PostJsonAsync<Dictionary<string, object>>(TrustVaultClient.PrivacyListing, "/v1/dp/count", new { dataset, values, mechanism = "laplace", epsilon = 1 }));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("https://trustvault.dev/problems/privacy-budget-exhausted", error.Type);
        Assert.Null(error.RetryAfter);
        Assert.Equal(2, counter.Requests);
        var budget = await platform.GetPrivacyBudgetAsync(organizationId, dataset);
        Assert.Equal((1, 0.0), (budget.Dataset.Queries, budget.Dataset.RemainingEpsilon));
    }

    private sealed class RequestCounter : DelegatingHandler
    {
        private int requests;

        public int Requests => requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
