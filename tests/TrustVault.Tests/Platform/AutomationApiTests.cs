using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Platform;

/// <summary>
/// The platform API's write routes for pipelines: a provider publishing a listing (create, update, import, plans, submit,
/// review status) and a customer taking, changing and canceling plans, with the portal's and console's rules.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AutomationApiTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>, IAsyncLifetime
{
    private const string Org = "{org}";
    private const string Listing = "{listing}";
    private const string Subscription = "{subscription}";

    private const string Document = """
        { "openapi": "3.0.3", "info": { "title": "Tides", "version": "2.0.0" },
          "paths": { "/tides": { "get": { "summary": "Today's tides", "responses": { "200": { "description": "OK" } } } },
                     "/tides/{port}": { "get": { "summary": "One port", "responses": { "200": { "description": "OK" } } } } } }
        """;

    /// <summary>Every new write route with a valid body; {org} is the provider's organization, {listing} its draft, {subscription} the customer's.</summary>
    public static TheoryData<string, string, string?> WriteRoutes => new()
    {
        { "POST", $"/api/v1/organizations/{Org}/listings", """{ "name": "Tides", "slug": "tides-x", "summary": "Tides.", "category": "Weather" }""" },
        { "PATCH", $"/api/v1/organizations/{Org}/listings/{Listing}", """{ "version": "2.0.0" }""" },
        { "PUT", $"/api/v1/organizations/{Org}/listings/{Listing}/openapi", JsonSerializer.Serialize(new { document = Document }) },
        { "POST", $"/api/v1/organizations/{Org}/listings/{Listing}/plans", """{ "name": "Free" }""" },
        { "POST", $"/api/v1/organizations/{Org}/listings/{Listing}/submit", null },
        { "POST", $"/api/v1/organizations/{Org}/plans/{Guid.Empty}/retire", null },
        { "POST", $"/api/v1/organizations/{Org}/subscriptions", $$"""{ "planId": "{{Guid.Empty}}" }""" },
        { "POST", $"/api/v1/organizations/{Org}/subscriptions/{Subscription}/plan", $$"""{ "planId": "{{Guid.Empty}}" }""" },
        { "POST", $"/api/v1/organizations/{Org}/subscriptions/{Subscription}/cancel", null },
    };

    public static TheoryData<string, string, string?> AllRoutes
    {
        get
        {
            var routes = WriteRoutes;
            routes.Add("GET", $"/api/v1/organizations/{Org}/listings/{Listing}/review", null);
            return routes;
        }
    }

    private string customerId = "";
    private Guid customerOrganization;
    private Guid customerSubscription;
    private string providerId = "";
    private Guid providerOrganization;
    private Guid draftListing;

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        customerId = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Customer);
        providerId = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Provider);
        var organizations = services.GetRequiredService<OrganizationService>();
        customerOrganization = (await organizations.GetCurrentAsync(customerId, CancellationToken.None))!.OrganizationId;
        providerOrganization = (await organizations.GetCurrentAsync(providerId, CancellationToken.None))!.OrganizationId;
        customerSubscription = (await services.GetRequiredService<SubscriptionService>().ListAsync(customerId, customerOrganization, CancellationToken.None))[0].Id;
        draftListing = await services.GetRequiredService<ListingService>().CreateAsync(providerId, providerOrganization, new ListingInput
        {
            Name = "Route checks",
            Slug = $"route-checks-{Guid.NewGuid():N}"[..30],
            Summary = "A draft the route checks aim at.",
            Category = "Weather",
        }, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new user with a personal organization of their own: a customer with no subscriptions and no card.</summary>
    private Task<(string UserId, Guid OrganizationId)> NewCustomerAsync() => factory.WithAsync(async services =>
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user)).Succeeded);
        var organizations = services.GetRequiredService<OrganizationService>();
        await organizations.EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        return (user.Id, (await organizations.GetCurrentAsync(user.Id, CancellationToken.None))!.OrganizationId);
    });

    private async Task<(string UserId, Guid OrganizationId)> NewProviderAsync()
    {
        var (userId, organizationId) = await NewCustomerAsync();
        await factory.WithAsync(async s =>
        {
            await s.GetRequiredService<OrganizationService>().AcceptProviderTermsAsync(userId, organizationId, CancellationToken.None);
            return 0;
        });
        return (userId, organizationId);
    }

    private HttpClient Client(string? token = null)
    {
        var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private HttpRequestMessage Request(string method, string route, string? body, Guid? organizationId = null) =>
        new(new HttpMethod(method), route
            .Replace(Org, (organizationId ?? (route.Contains("subscriptions", StringComparison.Ordinal) ? customerOrganization : providerOrganization)).ToString(), StringComparison.Ordinal)
            .Replace(Listing, draftListing.ToString(), StringComparison.Ordinal)
            .Replace(Subscription, customerSubscription.ToString(), StringComparison.Ordinal))
        {
            Content = body is null ? null : new StringContent(body.Replace("tides-x", $"tides-{Guid.NewGuid():N}"[..20], StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task<Guid> CreateDraftAsync(HttpClient api, Guid organizationId, string? upstream = "https://api.tides.example")
    {
        var created = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/listings", new
        {
            name = "Tides",
            slug = $"tides-{Guid.NewGuid():N}"[..20],
            summary = "High and low water for every port.",
            category = "Weather",
            tags = new[] { "Ocean" },
            upstreamBaseUrl = upstream,
        }), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task Without_a_token_every_route_gets_401(string method, string route, string? body)
    {
        await ProblemAsync(await Client().SendAsync(Request(method, route, body)), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task A_read_only_token_gets_403_on_every_write_route(string method, string route, string? body)
    {
        var token = await factory.TokenAsync(route.Contains("subscriptions", StringComparison.Ordinal) ? customerId : providerId, TokenScopes.Read);

        var problem = await ProblemAsync(await Client(token).SendAsync(Request(method, route, body)), HttpStatusCode.Forbidden);

        Assert.Contains("write scope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task Another_organizations_listing_plan_or_subscription_is_404_on_every_route(string method, string route, string? body)
    {
        // A provider too, so the provider rules let it through to the tenancy rule.
        var (outsider, ownOrganization) = await NewProviderAsync();
        var token = await factory.TokenAsync(outsider);

        // Through the other organization's id: not a member. Through the outsider's own: not one of its listings, plans or subscriptions.
        var theirs = await Client(token).SendAsync(Request(method, route, body));
        var viaOwn = await Client(token).SendAsync(Request(method, route, body, ownOrganization));

        await ProblemAsync(theirs, HttpStatusCode.NotFound);
        if (!route.EndsWith("/listings", StringComparison.Ordinal) && !route.EndsWith("/subscriptions", StringComparison.Ordinal))
        {
            await ProblemAsync(viaOwn, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task A_provider_publishes_a_draft_end_to_end_and_reads_its_review_status()
    {
        var api = Client(await factory.TokenAsync(providerId));
        var listingId = await CreateDraftAsync(api, providerOrganization);
        var listing = $"/api/v1/organizations/{providerOrganization}/listings/{listingId}";

        var imported = await JsonAsync(await api.PutAsJsonAsync($"{listing}/openapi", new { document = Document }));
        var updated = await JsonAsync(await api.PatchAsJsonAsync(listing, new { version = "2.0.0", description = "Tide tables." }));
        var plan = await JsonAsync(await api.PostAsJsonAsync($"{listing}/plans", new { name = "Free", includedCallsPerMonth = 500 }), HttpStatusCode.Created);
        var submitted = await JsonAsync(await api.PostAsync($"{listing}/submit", content: null));

        Assert.Equal((2, "Tides", "2.0.0"), (imported.GetProperty("endpoints").GetInt32(), imported.GetProperty("title").GetString(), imported.GetProperty("version").GetString()));
        Assert.Equal("Draft", updated.GetProperty("status").GetString());
        Assert.Equal(("InReview", true), (submitted.GetProperty("status").GetString(), submitted.GetProperty("isInReview").GetBoolean()));
        var saved = await factory.WithAsync(s => s.GetRequiredService<ListingService>().GetAsync(providerId, providerOrganization, listingId, CancellationToken.None));
        Assert.Equal(("2.0.0", "Tide tables.", "ocean", 2), (saved.Version, saved.Description, string.Join(",", saved.Tags), saved.Endpoints.Count));
        Assert.Equal(500, saved.Plans.Single(p => p.Id == plan.GetProperty("planId").GetGuid()).IncludedCallsPerMonth);

        await ApproveAsync(listingId);

        var review = await JsonAsync(await api.GetAsync($"{listing}/review"));
        Assert.Equal(("Published", false), (review.GetProperty("status").GetString(), review.GetProperty("isInReview").GetBoolean()));
    }

    [Fact]
    public async Task A_live_listings_changes_wait_for_review_and_submitting_them_is_harmless()
    {
        var api = Client(await factory.TokenAsync(providerId));
        var listingId = await CreateDraftAsync(api, providerOrganization);
        var listing = $"/api/v1/organizations/{providerOrganization}/listings/{listingId}";
        await JsonAsync(await api.PutAsJsonAsync($"{listing}/openapi", new { document = Document }));
        await JsonAsync(await api.PostAsJsonAsync($"{listing}/plans", new { name = "Free" }), HttpStatusCode.Created);
        await JsonAsync(await api.PostAsync($"{listing}/submit", content: null));
        await ApproveAsync(listingId);

        var nothingYet = await api.PostAsync($"{listing}/submit", content: null);
        var updated = await JsonAsync(await api.PatchAsJsonAsync(listing, new { version = "3.0.0" }));
        var renamed = await JsonAsync(await api.PatchAsJsonAsync(listing, new { name = "Tides and currents" }));
        var submitted = await JsonAsync(await api.PostAsync($"{listing}/submit", content: null));

        await AssertFieldAsync(nothingYet, "revision");
        Assert.Equal(("Published", true), (updated.GetProperty("status").GetString(), updated.GetProperty("isInReview").GetBoolean()));
        // The second change builds on the first, as the portal's editor does: both wait in one revision.
        var changes = renamed.GetProperty("revision").GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()).ToList();
        Assert.Equal(["Name", "Version"], changes);
        Assert.Equal("Pending", submitted.GetProperty("revision").GetProperty("status").GetString());
        var live = await factory.WithAsync(s => s.GetRequiredService<ListingService>().GetAsync(providerId, providerOrganization, listingId, CancellationToken.None));
        Assert.Equal(("Tides", "1.0.0"), (live.Name, live.Version));
    }

    [Fact]
    public async Task Retiring_a_plan_closes_it_at_once_and_another_organizations_plan_is_404()
    {
        var api = Client(await factory.TokenAsync(providerId));
        var listingId = await CreateDraftAsync(api, providerOrganization);
        var plan = await JsonAsync(
            await api.PostAsJsonAsync($"/api/v1/organizations/{providerOrganization}/listings/{listingId}/plans", new { name = "Pro", monthlyPrice = 20m }), HttpStatusCode.Created);
        var planId = plan.GetProperty("planId").GetGuid();

        var (otherProvider, otherOrganization) = await NewProviderAsync();

        var viaOtherProvider = await Client(await factory.TokenAsync(otherProvider)).PostAsync($"/api/v1/organizations/{otherOrganization}/plans/{planId}/retire", content: null);
        var retired = await api.PostAsync($"/api/v1/organizations/{providerOrganization}/plans/{planId}/retire", content: null);

        Assert.Equal(HttpStatusCode.NoContent, retired.StatusCode);
        var saved = await factory.WithAsync(s => s.GetRequiredService<ListingService>().GetAsync(providerId, providerOrganization, listingId, CancellationToken.None));
        Assert.NotNull(saved.Plans.Single(p => p.Id == planId).RetiredAt);
        await ProblemAsync(viaOtherProvider, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "", """{ "name": "Tides", "slug": "No Spaces", "summary": "x", "category": "Weather" }""", "slug")]
    [InlineData("POST", "", """{ "name": "Tides", "slug": "tides-ok-slug", "summary": "x", "category": "Cooking" }""", "category")]
    [InlineData("PATCH", "/{listing}", """{ "name": "" }""", "name")]
    [InlineData("PATCH", "/{listing}", """{ "upstreamBaseUrl": "ftp://tides.example" }""", "upstreamBaseUrl")]
    [InlineData("PUT", "/{listing}/openapi", """{ }""", "document")]
    [InlineData("PUT", "/{listing}/openapi", """{ "document": "swagger: '2.0'\ninfo: { title: t, version: '1' }\npaths: {}" }""", "swagger")]
    [InlineData("PUT", "/{listing}/openapi", """{ "document": "{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"t\", \"version\": \"1\" }, \"paths\": {} }" }""", "#/paths")]
    [InlineData("POST", "/{listing}/plans", """{ "monthlyPrice": 5 }""", "name")]
    [InlineData("POST", "/{listing}/plans", """{ "name": "Pro", "monthlyPrice": -5 }""", "monthlyPrice")]
    [InlineData("POST", "/{listing}/submit", null, "endpoints")]
    public async Task Bad_listing_input_gets_400_naming_the_field_as_the_portal_does(string method, string path, string? body, string field)
    {
        var route = $"/api/v1/organizations/{Org}/listings{path}";

        var response = await Client(await factory.TokenAsync(providerId)).SendAsync(Request(method, route, body));

        await AssertFieldAsync(response, field);
    }

    [Fact]
    public async Task A_category_is_matched_in_any_case_and_kept_as_the_catalog_spells_it_and_an_unknown_one_is_refused_naming_them()
    {
        var api = Client(await factory.TokenAsync(providerId));
        var listings = $"/api/v1/organizations/{providerOrganization}/listings";

        var created = await JsonAsync(
            await api.PostAsJsonAsync(listings, new { name = "Tides", slug = $"tides-{Guid.NewGuid():N}"[..20], summary = "Tides.", category = " weather " }), HttpStatusCode.Created);
        var refused = await ProblemAsync(
            await api.PostAsJsonAsync(listings, new { name = "Tides", slug = $"tides-{Guid.NewGuid():N}"[..20], summary = "Tides.", category = "Cooking" }), HttpStatusCode.BadRequest);

        var saved = await factory.WithAsync(s => s.GetRequiredService<ListingService>().GetAsync(providerId, providerOrganization, created.GetProperty("id").GetGuid(), CancellationToken.None));
        Assert.Equal("Weather", saved.Category);
        Assert.Equal(
            $"Choose one of {string.Join(", ", ListingRules.Categories)}.",
            refused.GetProperty("errors").GetProperty("category")[0].GetString());
    }

    [Theory]
    [InlineData(1, null, 1, 60)]
    [InlineData(200, null, 200, 200)]
    [InlineData(10, null, 10, 100)]
    [InlineData(null, 1000, 17, 1000)]
    [InlineData(null, 3, 3, 3)]
    [InlineData(null, null, 5, 100)]
    public async Task A_rate_limit_left_out_of_a_plan_defaults_to_one_that_agrees_with_the_one_given(
        int? perSecond, int? perMinute, int expectedPerSecond, int expectedPerMinute)
    {
        var api = Client(await factory.TokenAsync(providerId));
        var listingId = await CreateDraftAsync(api, providerOrganization);

        var plan = await JsonAsync(await api.PostAsJsonAsync(
            $"/api/v1/organizations/{providerOrganization}/listings/{listingId}/plans",
            new { name = "Limits", rateLimitPerSecond = perSecond, rateLimitPerMinute = perMinute }), HttpStatusCode.Created);

        var saved = await factory.WithAsync(s => s.GetRequiredService<ListingService>().GetAsync(providerId, providerOrganization, listingId, CancellationToken.None));
        var terms = saved.Plans.Single(p => p.Id == plan.GetProperty("planId").GetGuid());
        Assert.Equal((expectedPerSecond, expectedPerMinute), (terms.RateLimitPerSecond, terms.RateLimitPerMinute));
    }

    [Fact]
    public async Task An_invalid_document_gets_the_portals_errors_and_changes_nothing()
    {
        var api = Client(await factory.TokenAsync(providerId));
        var listingId = await CreateDraftAsync(api, providerOrganization);
        var listing = $"/api/v1/organizations/{providerOrganization}/listings/{listingId}";
        await JsonAsync(await api.PutAsJsonAsync($"{listing}/openapi", new { document = Document }));
        const string broken = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}";

        var response = await api.PutAsJsonAsync($"{listing}/openapi", new { document = broken });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var expected = Core.Catalog.OpenApi.OpenApiImporter.Import(broken).Errors;
        Assert.Equal(expected.Select(e => e.Location), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(expected.Select(e => e.Message), problem.GetProperty("errors").EnumerateObject().Select(e => e.Value[0].GetString()));
        var saved = await factory.WithAsync(s => s.GetRequiredService<ListingService>().GetAsync(providerId, providerOrganization, listingId, CancellationToken.None));
        Assert.Equal(2, saved.Endpoints.Count);
    }

    [Fact]
    public async Task A_customer_without_provider_terms_cannot_create_listings()
    {
        var (userId, organizationId) = await NewCustomerAsync();

        var response = await Client(await factory.TokenAsync(userId)).PostAsJsonAsync(
            $"/api/v1/organizations/{organizationId}/listings", new { name = "Tides", slug = "tides-no-terms", summary = "x", category = "Weather" });

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("provider terms", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_finds_an_apis_offered_plans_in_the_catalog_and_subscribes_with_one()
    {
        var (userId, organizationId) = await NewCustomerAsync();
        var api = Client(await factory.TokenAsync(userId));
        var offered = (await factory.WithAsync(s => s.GetRequiredService<CatalogService>().GetPublishedAsync("ai-analytics", CancellationToken.None)))!.Plans;

        var listing = await JsonAsync(await api.GetAsync("/api/v1/catalog/ai-analytics"));
        var plans = listing.GetProperty("plans").EnumerateArray().ToList();
        var free = plans.First(p => p.GetProperty("monthlyPrice").GetDecimal() == 0);
        var subscribed = await JsonAsync(
            await api.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/subscriptions", new { planId = free.GetProperty("id").GetGuid() }), HttpStatusCode.Created);

        Assert.Equal("ai-analytics", listing.GetProperty("slug").GetString());
        Assert.Equal(offered.Select(p => (p.Id, p.Name, p.MonthlyPrice, p.IncludedCallsPerMonth)), plans.Select(p => (
            p.GetProperty("id").GetGuid(), p.GetProperty("name").GetString()!, p.GetProperty("monthlyPrice").GetDecimal(), p.GetProperty("includedCallsPerMonth").GetInt64())));
        Assert.Equal("Applied", subscribed.GetProperty("step").GetString());
    }

    [Fact]
    public async Task A_draft_or_unknown_api_is_not_in_the_catalog()
    {
        var api = Client(await factory.TokenAsync(customerId));
        var draftSlug = (await factory.WithAsync(s => s.GetRequiredService<ListingService>().GetAsync(providerId, providerOrganization, draftListing, CancellationToken.None))).Slug;

        await ProblemAsync(await api.GetAsync($"/api/v1/catalog/{draftSlug}"), HttpStatusCode.NotFound);
        await ProblemAsync(await api.GetAsync("/api/v1/catalog/no-such-api"), HttpStatusCode.NotFound);
        await ProblemAsync(await Client().GetAsync("/api/v1/catalog/ai-analytics"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_free_plan_starts_at_once_and_a_paid_plan_answers_with_its_quote_until_confirmed()
    {
        var (userId, organizationId) = await NewCustomerAsync();
        var api = Client(await factory.TokenAsync(userId));
        var plans = (await factory.WithAsync(s => s.GetRequiredService<CatalogService>().GetPublishedAsync("ai-analytics", CancellationToken.None)))!.Plans;
        var free = plans.First(p => p.MonthlyPrice == 0);
        var paid = plans.Where(p => p.MonthlyPrice > 0).MinBy(p => p.MonthlyPrice)!;
        var subscriptions = $"/api/v1/organizations/{organizationId}/subscriptions";

        var subscribed = await JsonAsync(await api.PostAsJsonAsync(subscriptions, new { planId = free.Id }), HttpStatusCode.Created);
        var subscriptionId = subscribed.GetProperty("subscriptionId").GetGuid();
        var quoted = await JsonAsync(await api.PostAsJsonAsync($"{subscriptions}/{subscriptionId}/plan", new { planId = paid.Id }));
        var noCard = await api.PostAsJsonAsync($"{subscriptions}/{subscriptionId}/plan", new { planId = paid.Id, confirm = true });
        await factory.WithAsync(async s =>
        {
            await s.GetRequiredService<BillingService>().SaveTestCardAsync(userId, organizationId, new TestCard("4242 4242 4242 4242", 12, DateTime.UtcNow.Year + 2, "123"), CancellationToken.None);
            return 0;
        });
        var changed = await JsonAsync(await api.PostAsJsonAsync($"{subscriptions}/{subscriptionId}/plan", new { planId = paid.Id, confirm = true }));

        Assert.Equal("Applied", subscribed.GetProperty("step").GetString());
        Assert.Equal(("ConfirmationRequired", "Upgrade", paid.MonthlyPrice), (quoted.GetProperty("step").GetString(), quoted.GetProperty("quote").GetProperty("kind").GetString(), quoted.GetProperty("quote").GetProperty("monthlyPrice").GetDecimal()));
        await AssertFieldAsync(noCard, "paymentMethod");
        Assert.Equal("Applied", changed.GetProperty("step").GetString());
        var live = await factory.WithAsync(s => s.GetRequiredService<SubscriptionService>().ListAsync(userId, organizationId, CancellationToken.None));
        Assert.Equal(paid.Id, live.Single().PlanId);
    }

    [Fact]
    public async Task A_paid_new_subscription_is_confirmed_first_and_a_downgrade_is_scheduled_then_cancel_ends_it_with_the_period_and_withdraws_the_downgrade()
    {
        var (userId, organizationId) = await NewCustomerAsync();
        var api = Client(await factory.TokenAsync(userId));
        await factory.WithAsync(async s =>
        {
            await s.GetRequiredService<BillingService>().SaveTestCardAsync(userId, organizationId, new TestCard("4242 4242 4242 4242", 12, DateTime.UtcNow.Year + 2, "123"), CancellationToken.None);
            return 0;
        });
        var plans = (await factory.WithAsync(s => s.GetRequiredService<CatalogService>().GetPublishedAsync("ai-analytics", CancellationToken.None)))!.Plans;
        var free = plans.First(p => p.MonthlyPrice == 0);
        var paid = plans.Where(p => p.MonthlyPrice > 0).MinBy(p => p.MonthlyPrice)!;
        var subscriptions = $"/api/v1/organizations/{organizationId}/subscriptions";

        var quoted = await JsonAsync(await api.PostAsJsonAsync(subscriptions, new { planId = paid.Id }));
        var nothingYet = await factory.WithAsync(s => s.GetRequiredService<SubscriptionService>().ListAsync(userId, organizationId, CancellationToken.None));
        var subscribed = await JsonAsync(await api.PostAsJsonAsync(subscriptions, new { planId = paid.Id, confirm = true }), HttpStatusCode.Created);
        var subscriptionId = subscribed.GetProperty("subscriptionId").GetGuid();
        var again = await api.PostAsJsonAsync(subscriptions, new { planId = free.Id });
        var downgrade = await JsonAsync(await api.PostAsJsonAsync($"{subscriptions}/{subscriptionId}/plan", new { planId = free.Id, confirm = true }));
        var canceled = await JsonAsync(await api.PostAsync($"{subscriptions}/{subscriptionId}/cancel", content: null));

        Assert.Equal(("ConfirmationRequired", "NewSubscription"), (quoted.GetProperty("step").GetString(), quoted.GetProperty("quote").GetProperty("kind").GetString()));
        Assert.Empty(nothingYet);
        Assert.Equal("Applied", subscribed.GetProperty("step").GetString());
        await AssertFieldAsync(again, "planId");
        Assert.Equal("Scheduled", downgrade.GetProperty("step").GetString());
        var view = (await factory.WithAsync(s => s.GetRequiredService<SubscriptionService>().ListAsync(userId, organizationId, CancellationToken.None))).Single();
        Assert.Equal(((string?)null, view.CancelsAt), (view.PendingPlanName, canceled.GetProperty("endsAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task A_scheduled_cancellation_is_withdrawn_once_and_the_subscription_goes_on()
    {
        var (userId, organizationId) = await NewCustomerAsync();
        var api = Client(await factory.TokenAsync(userId));
        var free = (await factory.WithAsync(s => s.GetRequiredService<CatalogService>().GetPublishedAsync("ai-analytics", CancellationToken.None)))!.Plans
            .First(p => p.MonthlyPrice == 0);
        var subscriptions = $"/api/v1/organizations/{organizationId}/subscriptions";
        var subscriptionId = (await JsonAsync(await api.PostAsJsonAsync(subscriptions, new { planId = free.Id }), HttpStatusCode.Created)).GetProperty("subscriptionId").GetGuid();
        await JsonAsync(await api.PostAsync($"{subscriptions}/{subscriptionId}/cancel", content: null));

        var withdrawn = await api.DeleteAsync($"{subscriptions}/{subscriptionId}/scheduled-change");
        var again = await api.DeleteAsync($"{subscriptions}/{subscriptionId}/scheduled-change");

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        await AssertFieldAsync(again, "subscription");
        var view = (await factory.WithAsync(s => s.GetRequiredService<SubscriptionService>().ListAsync(userId, organizationId, CancellationToken.None))).Single();
        Assert.Null(view.CancelsAt);
    }

    [Fact]
    public async Task A_paid_plan_without_a_payment_method_answers_202_with_the_checkout_address_the_browser_is_sent_to()
    {
        await using var withCheckout = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(
            services => services.Replace(ServiceDescriptor.Singleton<IPaymentProvider>(new CheckoutPayments()))));
        var (userId, organizationId) = await NewCustomerAsync();
        var api = withCheckout.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(userId));
        var plans = (await factory.WithAsync(s => s.GetRequiredService<CatalogService>().GetPublishedAsync("ai-analytics", CancellationToken.None)))!.Plans;
        var paid = plans.Where(p => p.MonthlyPrice > 0).MinBy(p => p.MonthlyPrice)!;

        var outcome = await JsonAsync(
            await api.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/subscriptions", new { planId = paid.Id, confirm = true }), HttpStatusCode.Accepted);

        Assert.Equal(("CheckoutRequired", CheckoutPayments.Url), (outcome.GetProperty("step").GetString(), outcome.GetProperty("checkoutUrl").GetString()));
        var subscriptionId = outcome.GetProperty("subscriptionId").GetGuid();
        var status = await factory.WithAsync(async s =>
        {
            var db = s.GetRequiredService<TrustVaultDbContext>();
            return await db.Subscriptions.AcrossOrganizations().Where(x => x.Id == subscriptionId).Select(x => x.Status).SingleAsync();
        });
        Assert.Equal(SubscriptionStatus.Incomplete, status);
    }

    [Theory]
    [InlineData("", """{ }""", "planId")]
    [InlineData("", """{ "planId": "not-an-id" }""", "planId")]
    [InlineData("/{subscription}/plan", """{ "confirm": true }""", "planId")]
    public async Task Bad_subscription_input_gets_400_naming_the_field(string path, string body, string field)
    {
        var response = await Client(await factory.TokenAsync(customerId)).SendAsync(Request("POST", $"/api/v1/organizations/{Org}/subscriptions{path}", body));

        await AssertFieldAsync(response, field);
    }

    [Fact]
    public async Task Changing_to_a_plan_of_another_api_gets_400_naming_the_plan()
    {
        var current = (await factory.WithAsync(s => s.GetRequiredService<SubscriptionService>().ListAsync(customerId, customerOrganization, CancellationToken.None)))
            .Single(v => v.Id == customerSubscription);
        var other = (await factory.WithAsync(s => s.GetRequiredService<ListingService>().ListAsync(providerId, providerOrganization, CancellationToken.None)))
            .First(l => l.Status == ListingStatus.Published && l.Id != current.ListingId);
        var plan = (await factory.WithAsync(s => s.GetRequiredService<CatalogService>().GetPublishedAsync(other.Slug, CancellationToken.None)))!.Plans[0];

        var response = await Client(await factory.TokenAsync(customerId)).PostAsJsonAsync(
            $"/api/v1/organizations/{customerOrganization}/subscriptions/{customerSubscription}/plan", new { planId = plan.Id });

        await AssertFieldAsync(response, "planId");
    }

    private Task ApproveAsync(Guid listingId) => factory.WithAsync(async s =>
    {
        var admin = await DemoAccounts.UserIdAsync(s, DemoAccountKind.Admin);
        await s.GetRequiredService<ListingModerationService>().ApproveAsync(admin, listingId, CancellationToken.None);
        return 0;
    });

    /// <summary>A payment provider with no payment method on file for anyone: every paid plan goes to its checkout.</summary>
    private sealed class CheckoutPayments : IPaymentProvider
    {
        public const string Url = "https://checkout.payments.example/session/cs_test_1";

        public bool IsTestMode => false;

        public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new CheckoutStart(PaymentMethodOnFile: false, Url));

        public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PayoutResult> PayOutAsync(PayoutRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> PaymentMethodsUrlAsync(Guid organizationId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
