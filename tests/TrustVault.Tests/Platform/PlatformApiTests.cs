using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Api.Platform;

namespace TrustVault.Tests.Platform;

/// <summary>The platform API at /api/v1 with personal access tokens of the demo customer, the demo provider and outsiders.</summary>
[Collection(AppCollection.Name)]
public sealed class PlatformApiTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>, IAsyncLifetime
{
    private const string Org = "{org}";

    /// <summary>Every organization route, with a body where it takes one; {org} is the demo customer's organization.</summary>
    public static TheoryData<string, string> OrganizationRoutes => new()
    {
        { "GET", $"/api/v1/organizations/{Org}/keys" },
        { "POST", $"/api/v1/organizations/{Org}/keys" },
        { "POST", $"/api/v1/organizations/{Org}/keys/{Guid.Empty}/rotate" },
        { "DELETE", $"/api/v1/organizations/{Org}/keys/{Guid.Empty}" },
        { "GET", $"/api/v1/organizations/{Org}/subscriptions" },
        { "GET", $"/api/v1/organizations/{Org}/usage?days=30" },
        { "GET", $"/api/v1/organizations/{Org}/usage/groups" },
        { "GET", $"/api/v1/organizations/{Org}/usage/errors" },
        { "GET", $"/api/v1/organizations/{Org}/calls/some-request-id" },
        { "GET", $"/api/v1/organizations/{Org}/listings/calls/some-request-id" },
        { "GET", $"/api/v1/organizations/{Org}/invoices" },
        { "GET", $"/api/v1/organizations/{Org}/invoices/{Guid.Empty}" },
        { "GET", $"/api/v1/organizations/{Org}/listings" },
        { "GET", $"/api/v1/organizations/{Org}/privacy/datasets" },
        { "POST", $"/api/v1/organizations/{Org}/privacy/datasets" },
        { "POST", $"/api/v1/organizations/{Org}/privacy/datasets/{Guid.Empty}/archive" },
        { "GET", $"/api/v1/organizations/{Org}/privacy/datasets/{Guid.Empty}/budget" },
    };

    public static TheoryData<string, string> WriteRoutes => new()
    {
        { "POST", $"/api/v1/organizations/{Org}/keys" },
        { "POST", $"/api/v1/organizations/{Org}/keys/{Guid.Empty}/rotate" },
        { "DELETE", $"/api/v1/organizations/{Org}/keys/{Guid.Empty}" },
        { "POST", $"/api/v1/organizations/{Org}/privacy/datasets" },
        { "POST", $"/api/v1/organizations/{Org}/privacy/datasets/{Guid.Empty}/archive" },
    };

    private string customerId = "";
    private Guid customerOrganization;
    private string providerId = "";
    private Guid providerOrganization;

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        customerId = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Customer);
        providerId = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Provider);
        var organizations = services.GetRequiredService<OrganizationService>();
        customerOrganization = (await organizations.GetCurrentAsync(customerId, CancellationToken.None))!.OrganizationId;
        providerOrganization = (await organizations.GetCurrentAsync(providerId, CancellationToken.None))!.OrganizationId;

        // The seeded Free plan allows 2 calls a second; the gateway checks here make more, so move to the biggest plan.
        var subscriptions = services.GetRequiredService<SubscriptionService>();
        var subscription = (await subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).Single(s => s.ListingSlug == "ai-analytics");
        var biggest = (await services.GetRequiredService<CatalogService>().GetPublishedAsync("ai-analytics", CancellationToken.None))!.Plans.MaxBy(p => p.MonthlyPrice)!;
        if (subscription.PlanId != biggest.Id)
        {
            await subscriptions.ChangePlanAsync(customerId, customerOrganization, subscription.Id, biggest.Id, CancellationToken.None);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new user with a personal organization of their own, and a membership in the customer's with <paramref name="role"/> if given.</summary>
    private Task<string> UserAsync(OrganizationRole? role = null) => factory.WithAsync(async services =>
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user)).Succeeded);
        await services.GetRequiredService<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        if (role is { } granted)
        {
            var db = services.GetRequiredService<TrustVaultDbContext>();
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = customerOrganization, UserId = user.Id, Role = granted });
            await db.SaveChangesAsync();
        }

        return user.Id;
    });

    /// <summary>A new user and the personal organization they alone belong to: a list there is as long as the test makes it.</summary>
    private async Task<(string UserId, Guid OrganizationId)> OwnOrganizationAsync()
    {
        var userId = await UserAsync();
        var current = await factory.WithAsync(s => s.GetRequiredService<OrganizationService>().GetCurrentAsync(userId, CancellationToken.None));
        return (userId, current!.OrganizationId);
    }

    /// <summary>
    /// Reads <paramref name="route"/> in pages of <paramref name="size"/>, one past the last, and checks that each answers its page,
    /// its size and the whole list's total, and that together they hold <paramref name="expected"/> in its order.
    /// </summary>
    private static async Task AssertPagedAsync(HttpClient api, string route, IReadOnlyList<Guid> expected, int size = 10, Func<JsonElement, Guid>? id = null)
    {
        id ??= item => item.GetProperty("id").GetGuid();
        var read = new List<Guid>();
        for (var page = 1; page <= (expected.Count / size) + 1; page++)
        {
            var body = await JsonAsync(await api.GetAsync($"{route}{(route.Contains('?', StringComparison.Ordinal) ? '&' : '?')}page={page}&pageSize={size}"));
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            Assert.Equal(size, body.GetProperty("pageSize").GetInt32());
            Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
            read.AddRange(body.GetProperty("items").EnumerateArray().Select(id));
        }

        Assert.Equal(expected, read);
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

    private HttpRequestMessage Request(string method, string route) =>
        new(new HttpMethod(method), route.Replace(Org, customerOrganization.ToString(), StringComparison.Ordinal))
        {
            // A body of the route's own shape: a field the request lacks is refused before anything else is looked at.
            Content = method != "POST" ? null
                : route.EndsWith("/rotate", StringComparison.Ordinal) ? JsonContent.Create(new { graceHours = 1 })
                : JsonContent.Create(new { name = "from the API" }),
        };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.Clone();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [MemberData(nameof(OrganizationRoutes))]
    [InlineData("GET", "/api/v1/organizations")]
    public async Task Without_a_token_every_route_gets_401(string method, string route)
    {
        var response = await Client().SendAsync(Request(method, route));

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tvp_abcdefghijkm_not-a-real-secret")]
    [InlineData("tv_live_abcdefghijkm_an-api-key-is-not-a-token")]
    public async Task An_unknown_token_gets_401(string token)
    {
        var response = await Client(token).GetAsync("/api/v1/organizations");

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown, expired or revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seeded_demo_token_acts_as_the_demo_customer_and_reaches_only_its_organizations()
    {
        var client = Client(DemoSeedOptions.CustomerPersonalAccessToken);

        var organizations = await JsonAsync(await client.GetAsync("/api/v1/organizations"));
        var others = await client.GetAsync($"/api/v1/organizations/{providerOrganization}/keys");

        var ids = organizations.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("organizationId").GetGuid()).ToList();
        Assert.Contains(customerOrganization, ids);
        Assert.DoesNotContain(providerOrganization, ids);
        await ProblemAsync(others, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_revoked_token_gets_401()
    {
        var token = await factory.TokenAsync(customerId, TokenScopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await Client(token).GetAsync("/api/v1/organizations")).StatusCode);
        var tokenId = (await factory.WithAsync(s => s.GetRequiredService<PersonalAccessTokenService>().ListAsync(customerId, CancellationToken.None)))
            .Single(t => token.StartsWith(t.Prefix + "_", StringComparison.Ordinal)).Id;

        await factory.WithAsync(async s =>
        {
            await s.GetRequiredService<PersonalAccessTokenService>().RevokeAsync(customerId, tokenId, CancellationToken.None);
            return 0;
        });

        await ProblemAsync(await Client(token).GetAsync("/api/v1/organizations"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_signed_in_browser_cookie_does_not_open_the_api()
    {
        var browser = factory.CreateBrowser();
        await browser.LogInAsync(DemoAccountKind.Customer);

        await ProblemAsync(await browser.GetAsync("/api/v1/organizations"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Head_on_every_get_route_answers_as_get_does_for_a_member()
    {
        var api = Client(await factory.TokenAsync(await UserAsync(OrganizationRole.Developer), TokenScopes.Read));
        var routes = OrganizationRoutes.Where(r => (string)r[0] == "GET").Select(r => (string)r[1]).Append("/api/v1/organizations");

        foreach (var route in routes)
        {
            var get = await api.SendAsync(Request("GET", route));
            var head = await api.SendAsync(Request("HEAD", route));

            Assert.True(get.StatusCode == head.StatusCode, $"{route}: GET {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(OrganizationRoutes))]
    public async Task A_user_who_is_not_a_member_gets_404_on_every_organization_route(string method, string route)
    {
        var token = await factory.TokenAsync(await UserAsync());

        var response = await Client(token).SendAsync(Request(method, route));

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("keys", """{ "name": "" }""")]
    [InlineData("keys/{key}/rotate", """{ "graceHours": -5 }""")]
    [InlineData("webhooks", """{ "url": "" }""")]
    [InlineData("listings", """{ "name": "", "category": "Cooking" }""")]
    [InlineData("privacy/datasets", """{ "name": " " }""")]
    public async Task A_user_who_is_not_a_member_gets_404_before_the_body_is_looked_at(string path, string body)
    {
        var keyId = (await factory.WithAsync(s => s.GetRequiredService<ApiKeyService>().ListAsync(customerId, customerOrganization, CancellationToken.None)))[0].Id;
        var token = await factory.TokenAsync(await UserAsync());

        var response = await Client(token).PostAsync(
            $"/api/v1/organizations/{customerOrganization}/{path.Replace("{key}", keyId.ToString(), StringComparison.Ordinal)}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("The organization does not exist.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task A_read_only_token_gets_403_on_every_write_route(string method, string route)
    {
        var token = await factory.TokenAsync(customerId, TokenScopes.Read);

        var response = await Client(token).SendAsync(Request(method, route));

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("write scope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task A_billing_member_gets_403_on_every_key_or_dataset_change_as_in_the_console(string method, string route)
    {
        var token = await factory.TokenAsync(await UserAsync(OrganizationRole.Billing));

        var response = await Client(token).SendAsync(Request(method, route));

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("Only an Owner or a Developer of the organization", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Organizations_lists_the_users_memberships_with_roles()
    {
        var body = await JsonAsync(await Client(await factory.TokenAsync(customerId, TokenScopes.Read)).GetAsync("/api/v1/organizations"));

        var expected = await factory.WithAsync(s => s.GetRequiredService<OrganizationService>().ListForUserAsync(customerId, CancellationToken.None));
        Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
        Assert.Equal(expected.Select(m => m.OrganizationId), body.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("organizationId").GetGuid()));
        Assert.Equal("Owner", body.GetProperty("items")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_long_list_of_organizations_comes_in_pages_the_personal_one_first_then_by_name()
    {
        var (userId, personal) = await OwnOrganizationAsync();
        var created = new List<(string Name, Guid Id)>();
        foreach (var name in new[] { "delta", "Alpha", "charlie", "Echo", "bravo" })
        {
            created.Add((name, await factory.WithAsync(s => s.GetRequiredService<OrganizationService>().CreateAsync(userId, name, CancellationToken.None))));
        }

        var expected = created.OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).Select(o => o.Id).Prepend(personal).ToList();
        await AssertPagedAsync(Client(await factory.TokenAsync(userId, TokenScopes.Read)), "/api/v1/organizations", expected, size: 4, id: o => o.GetProperty("organizationId").GetGuid());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=abc", "page")]
    public async Task Bad_paging_of_the_organizations_gets_400_naming_the_field(string query, string field)
    {
        var response = await Client(await factory.TokenAsync(await UserAsync(), TokenScopes.Read)).GetAsync($"/api/v1/organizations?{query}");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Keys_list_matches_the_console_and_holds_no_secrets()
    {
        var response = await Client(await factory.TokenAsync(customerId, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{customerOrganization}/keys");

        var body = await JsonAsync(response);
        var expected = await factory.WithAsync(s => s.GetRequiredService<ApiKeyService>().ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
        Assert.Equal(expected.Take(PlatformPage.DefaultSize).Select(k => k.Id), body.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("id").GetGuid()));
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_long_list_of_keys_comes_in_pages_newest_first()
    {
        var (userId, organization) = await OwnOrganizationAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            var key = await factory.WithAsync(s => s.GetRequiredService<ApiKeyService>().CreateAsync(userId, organization, $"key {i}", null, false, CancellationToken.None));
            created.Add(key.Key.Id);
        }

        created.Reverse();
        await AssertPagedAsync(Client(await factory.TokenAsync(userId, TokenScopes.Read)), $"/api/v1/organizations/{organization}/keys", created);
    }

    [Fact]
    public async Task A_key_created_through_the_api_works_at_the_gateway_until_it_is_revoked()
    {
        var api = Client(await factory.TokenAsync(customerId));

        var created = await JsonAsync(
            await api.PostAsJsonAsync($"/api/v1/organizations/{customerOrganization}/keys", new { name = "ci pipeline" }), HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        var keyId = created.GetProperty("key").GetProperty("id").GetGuid();
        var gateway = Client();
        gateway.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/gw/ai-analytics/v1/ping")).StatusCode);

        var revoked = await api.DeleteAsync($"/api/v1/organizations/{customerOrganization}/keys/{keyId}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/gw/ai-analytics/v1/ping")).StatusCode);
    }

    [Fact]
    public async Task A_new_keys_location_is_served_and_lists_it()
    {
        var api = Client(await factory.TokenAsync(await UserAsync(OrganizationRole.Developer)));

        var response = await api.PostAsJsonAsync($"/api/v1/organizations/{customerOrganization}/keys", new { name = "located" });
        var keyId = (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("key").GetProperty("id").GetGuid();

        var listed = await JsonAsync(await api.GetAsync(response.Headers.Location));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), k => k.GetProperty("id").GetGuid() == keyId);
    }

    [Fact]
    public async Task A_field_the_request_does_not_have_is_refused_by_name_and_creates_nothing()
    {
        var api = Client(await factory.TokenAsync(customerId));
        var before = (await JsonAsync(await api.GetAsync($"/api/v1/organizations/{customerOrganization}/keys"))).GetProperty("total").GetInt32();

        var response = await api.PostAsJsonAsync($"/api/v1/organizations/{customerOrganization}/keys", new { name = "meant as a test key", isTest = true });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'isTest' is not a field of this request", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, (await JsonAsync(await api.GetAsync($"/api/v1/organizations/{customerOrganization}/keys"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rotating_a_key_returns_a_working_replacement_and_by_default_keeps_the_old_one_for_a_day()
    {
        var api = Client(await factory.TokenAsync(customerId));
        var created = await JsonAsync(
            await api.PostAsJsonAsync($"/api/v1/organizations/{customerOrganization}/keys", new { name = "to rotate" }), HttpStatusCode.Created);
        var keyId = created.GetProperty("key").GetProperty("id").GetGuid();

        var rotated = await JsonAsync(await api.PostAsync($"/api/v1/organizations/{customerOrganization}/keys/{keyId}/rotate", content: null));

        Assert.NotEqual(keyId, rotated.GetProperty("key").GetProperty("id").GetGuid());
        foreach (var secret in new[] { rotated.GetProperty("secret").GetString(), created.GetProperty("secret").GetString() })
        {
            var gateway = Client();
            gateway.DefaultRequestHeaders.Add("X-Api-Key", secret);
            Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/gw/ai-analytics/v1/ping")).StatusCode);
        }

        var old = (await factory.WithAsync(s => s.GetRequiredService<ApiKeyService>().ListAsync(customerId, customerOrganization, CancellationToken.None)))
            .Single(k => k.Id == keyId);
        Assert.InRange(old.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(24));

        var again = await ProblemAsync(await api.PostAsync($"/api/v1/organizations/{customerOrganization}/keys/{keyId}/rotate", content: null), HttpStatusCode.BadRequest);
        Assert.True(again.GetProperty("errors").TryGetProperty("keyId", out _), again.ToString());
    }

    [Theory]
    [InlineData("POST", "keys", """{ "name": "" }""", "name")]
    [InlineData("POST", "keys", """{ "name": "x", "expiresAt": "2000-01-01T00:00:00Z" }""", "expiresAt")]
    [InlineData("GET", "usage?days=0", null, "days")]
    [InlineData("GET", "usage?days=91", null, "days")]
    [InlineData("GET", "listings?days=1000", null, "days")]
    [InlineData("GET", "invoices?page=0", null, "page")]
    [InlineData("GET", "usage/groups?from=2026-10-02&to=2026-10-01", null, "from")]
    [InlineData("GET", "usage/groups?from=2026-01-01&to=2026-06-01", null, "to")]
    [InlineData("GET", "usage/groups?from=2000-01-01", null, "from")]
    [InlineData("GET", "usage/errors?from=2000-01-01", null, "from")]
    [InlineData("GET", "usage/groups?from=yesterday", null, "from")]
    [InlineData("GET", "usage/groups?statusClass=6xx", null, "statusClass")]
    [InlineData("GET", "usage/groups?keyId=not-a-guid", null, "keyId")]
    [InlineData("GET", "usage/errors?to=2026-13-01", null, "to")]
    [InlineData("GET", "usage/groups?to=9999-12-31", null, "to")]
    [InlineData("GET", "usage/errors?to=0001-01-01", null, "to")]
    [InlineData("GET", "usage/groups?from=0001-01-01&to=0001-01-02", null, "from")]
    [InlineData("GET", "usage/errors?pageSize=101", null, "pageSize")]
    [InlineData("GET", "invoices?pageSize=101", null, "pageSize")]
    [InlineData("GET", "keys?page=0", null, "page")]
    [InlineData("GET", "keys?pageSize=0", null, "pageSize")]
    [InlineData("GET", "keys?pageSize=101", null, "pageSize")]
    [InlineData("GET", "subscriptions?page=0", null, "page")]
    [InlineData("GET", "subscriptions?pageSize=0", null, "pageSize")]
    [InlineData("GET", "subscriptions?pageSize=101", null, "pageSize")]
    [InlineData("GET", "listings?page=0", null, "page")]
    [InlineData("GET", "listings?pageSize=0", null, "pageSize")]
    [InlineData("GET", "listings?pageSize=101", null, "pageSize")]
    [InlineData("GET", "webhooks?page=0", null, "page")]
    [InlineData("GET", "webhooks?pageSize=0", null, "pageSize")]
    [InlineData("GET", "webhooks?pageSize=101", null, "pageSize")]
    [InlineData("GET", "privacy/datasets?page=0", null, "page")]
    [InlineData("GET", "privacy/datasets?pageSize=0", null, "pageSize")]
    [InlineData("GET", "privacy/datasets?pageSize=101", null, "pageSize")]
    [InlineData("POST", "keys", """{ "name": "x", "expiresAt": "next week" }""", "expiresAt")]
    [InlineData("POST", "keys", """{ }""", "name")]
    [InlineData("POST", "webhooks", """{ }""", "url")]
    [InlineData("POST", "privacy/datasets", """{ }""", "name")]
    [InlineData("GET", "invoices?page=abc", null, "page")]
    [InlineData("POST", "privacy/datasets", """{ "name": " " }""", "name")]
    [InlineData("POST", "privacy/datasets", """{ "name": "x", "epsilonBudget": 0 }""", "epsilonBudget")]
    [InlineData("POST", "privacy/datasets", """{ "name": "x", "deltaBudget": 0.5 }""", "deltaBudget")]
    public async Task Bad_input_gets_400_naming_the_field(string method, string path, string? body, string field)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/organizations/{customerOrganization}/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        // A new Owner of the organization: the demo customer's tokens would pass the 50 a user may hold.
        var problem = await ProblemAsync(await Client(await factory.TokenAsync(await UserAsync(OrganizationRole.Owner))).SendAsync(request), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_compressed_body_gets_415_rather_than_a_json_error()
    {
        var content = new ByteArrayContent(Gzip("""{ "name": "zipped" }"""));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await Client(await factory.TokenAsync(customerId)).PostAsync($"/api/v1/organizations/{customerOrganization}/keys", content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("uncompressed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
        {
            zip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task A_key_expiry_sent_with_an_offset_is_kept_and_answered_in_utc()
    {
        var created = await JsonAsync(await Client(await factory.TokenAsync(customerId)).PostAsJsonAsync(
            $"/api/v1/organizations/{customerOrganization}/keys", new { name = "offset", expiresAt = "2030-12-20T10:00:00+05:00" }), HttpStatusCode.Created);

        Assert.Equal("2030-12-20T05:00:00+00:00", created.GetProperty("key").GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task A_new_keys_times_are_answered_as_the_list_gives_them_later()
    {
        var api = Client(await factory.TokenAsync(customerId));
        var keys = $"/api/v1/organizations/{customerOrganization}/keys";

        var created = (await JsonAsync(await api.PostAsJsonAsync(keys, new { name = "precision", expiresAt = "2030-03-01T12:00:00.987654321Z" }), HttpStatusCode.Created))
            .GetProperty("key");
        var listed = (await JsonAsync(await api.GetAsync(keys))).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());

        Assert.Equal(listed.GetProperty("expiresAt").GetString(), created.GetProperty("expiresAt").GetString());
        Assert.Equal(listed.GetProperty("createdAt").GetString(), created.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task A_body_cut_short_gets_400_that_blames_no_field()
    {
        var response = await Client(await factory.TokenAsync(customerId)).PostAsync($"/api/v1/organizations/{customerOrganization}/keys",
            new StringContent("""{ "name": "x", "expiresAt": """, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(problem.TryGetProperty("errors", out _), problem.ToString());
        Assert.Equal("The body is not valid JSON: it ends before its last object or array is closed.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_rotation_grace_beyond_a_week_gets_400_naming_the_field()
    {
        var api = Client(await factory.TokenAsync(customerId));
        var created = await JsonAsync(
            await api.PostAsJsonAsync($"/api/v1/organizations/{customerOrganization}/keys", new { name = "grace" }), HttpStatusCode.Created);
        var keyId = created.GetProperty("key").GetProperty("id").GetGuid();

        var response = await api.PostAsJsonAsync($"/api/v1/organizations/{customerOrganization}/keys/{keyId}/rotate", new { graceHours = 1000 });

        Assert.True((await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("graceHours", out _));
    }

    [Theory]
    [InlineData("{ not json", "The body is not valid JSON: ")]
    [InlineData("[]", "The body must be a JSON object; see the example in the API's documentation.")]
    [InlineData(null, "Send a JSON body; see the example in the API's documentation.")]
    public async Task A_malformed_or_missing_body_gets_400_saying_so_in_the_requests_words(string? body, string detail)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/organizations/{customerOrganization}/keys");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var problem = await ProblemAsync(await Client(await factory.TokenAsync(customerId)).SendAsync(request), HttpStatusCode.BadRequest);

        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscriptions_match_the_console()
    {
        var body = await JsonAsync(await Client(await factory.TokenAsync(customerId, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{customerOrganization}/subscriptions"));

        var expected = await factory.WithAsync(s => s.GetRequiredService<SubscriptionService>().ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.NotEmpty(expected);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
        Assert.Equal(expected.Select(v => v.Id).Order(), items.Select(v => v.GetProperty("id").GetGuid()).Order());
        Assert.Equal(expected[0].Status.ToString(), items.Single(v => v.GetProperty("id").GetGuid() == expected[0].Id).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_long_list_of_subscriptions_comes_in_pages_newest_first_without_ended_ones()
    {
        var (userId, organization) = await OwnOrganizationAsync();
        var started = await factory.WithAsync(async s =>
        {
            var db = s.GetRequiredService<TrustVaultDbContext>();
            var plans = await db.Plans.Where(p => p.RetiredAt == null && p.Listing!.Status == ListingStatus.Published)
                .GroupBy(p => p.ListingId).Select(g => g.OrderBy(p => p.Id).First()).Take(6).ToListAsync();
            Assert.Equal(6, plans.Count);
            var subscriptions = plans.Select((plan, i) => Subscription.Start(organization, plan, DateTimeOffset.UtcNow.AddDays(-10 + i))).ToList();
            subscriptions[^1].Status = SubscriptionStatus.Canceled;
            db.Subscriptions.AddRange(subscriptions);
            await db.SaveChangesAsync();
            return subscriptions.SkipLast(1).Select(x => x.Id).Reverse().ToList();
        });

        await AssertPagedAsync(Client(await factory.TokenAsync(userId, TokenScopes.Read)), $"/api/v1/organizations/{organization}/subscriptions", started, size: 2);
    }

    [Fact]
    public async Task A_long_list_of_listings_comes_in_pages_the_latest_changed_first()
    {
        var (userId, organization) = await OwnOrganizationAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await factory.WithAsync(async s =>
            {
                var db = s.GetRequiredService<TrustVaultDbContext>();
                var listing = new Listing { OrganizationId = organization, Name = $"Paged {i}", Slug = $"paged-{Guid.NewGuid():N}"[..20] };
                db.Listings.Add(listing);
                await db.SaveChangesAsync();
                return listing.Id;
            }));
        }

        created.Reverse();
        await AssertPagedAsync(
            Client(await factory.TokenAsync(userId, TokenScopes.Read)), $"/api/v1/organizations/{organization}/listings?days=7", created, size: 2,
            id: item => item.GetProperty("listing").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_long_list_of_webhook_endpoints_comes_in_pages_in_the_order_they_were_registered()
    {
        var (userId, organization) = await OwnOrganizationAsync();
        var registered = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            registered.Add(await factory.WithAsync(async s =>
            {
                var db = s.GetRequiredService<TrustVaultDbContext>();
                var endpoint = new WebhookEndpoint { OrganizationId = organization, Url = $"https://hooks.example.com/{i}", Events = WebhookEndpoint.AllEvents, ProtectedSecret = "unused" };
                db.WebhookEndpoints.Add(endpoint);
                await db.SaveChangesAsync();
                return endpoint.Id;
            }));
        }

        await AssertPagedAsync(Client(await factory.TokenAsync(userId, TokenScopes.Read)), $"/api/v1/organizations/{organization}/webhooks", registered, size: 2);
    }

    [Fact]
    public async Task Usage_gives_calls_per_day_and_api_and_the_remaining_quota_of_each_subscription()
    {
        var body = await JsonAsync(await Client(await factory.TokenAsync(customerId, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{customerOrganization}/usage?days=30"));

        var (usage, subscriptions) = await factory.WithAsync(async s => (
            await s.GetRequiredService<UsageService>().ForCustomerAsync(customerId, customerOrganization, 30, CancellationToken.None),
            await s.GetRequiredService<SubscriptionService>().ListAsync(customerId, customerOrganization, CancellationToken.None)));
        Assert.Equal(30, body.GetProperty("days").GetInt32());
        Assert.Equal(usage.Calls, body.GetProperty("usage").GetProperty("calls").GetInt64());
        Assert.Equal(usage.Daily.Count, body.GetProperty("usage").GetProperty("daily").GetArrayLength());
        var quotas = body.GetProperty("quotas").EnumerateArray().ToList();
        Assert.Equal(subscriptions.Select(v => v.Id), quotas.Select(q => q.GetProperty("subscriptionId").GetGuid()));
        Assert.All(quotas, q => Assert.Equal(
            Math.Max(0, q.GetProperty("included").GetInt64() - q.GetProperty("used").GetInt64()), q.GetProperty("remaining").GetInt64()));
    }

    [Fact]
    public async Task A_call_is_found_by_its_customer_with_the_key_and_by_its_provider_without_it_and_by_nobody_else()
    {
        var requestId = $"api-{Guid.NewGuid():N}";
        var (keyName, organizationName) = await factory.WithAsync(async s =>
        {
            var key = (await s.GetRequiredService<ApiKeyService>().ListAsync(customerId, customerOrganization, CancellationToken.None))[0];
            var listing = (await s.GetRequiredService<ListingService>().ListAsync(providerId, providerOrganization, CancellationToken.None))[0];
            var db = s.GetRequiredService<TrustVaultDbContext>();
            db.UsageEvents.Add(new UsageEvent
            {
                RequestId = requestId,
                At = DateTimeOffset.UtcNow,
                OrganizationId = customerOrganization,
                ListingId = listing.Id,
                ApiKeyId = key.Id,
                Method = "POST",
                Route = "/lookup/v1/thing",
                Status = 502,
                LatencyMs = 41,
                Bytes = 12,
            });
            await db.SaveChangesAsync();
            var organization = (await s.GetRequiredService<OrganizationService>().GetCurrentAsync(customerId, CancellationToken.None))!.Name;
            return (key.Name, organization);
        });

        var customer = await JsonAsync(await Client(await factory.TokenAsync(customerId, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{customerOrganization}/calls/{requestId}"));
        var provider = await JsonAsync(await Client(await factory.TokenAsync(providerId, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{providerOrganization}/listings/calls/{requestId}"));
        var outsider = await UserAsync();
        var outsiderOrganization = (await factory.WithAsync(s => s.GetRequiredService<OrganizationService>().GetCurrentAsync(outsider, CancellationToken.None)))!.OrganizationId;
        var outsiderClient = Client(await factory.TokenAsync(outsider, TokenScopes.Read));

        Assert.Equal((keyName, 502, 41, false), (customer.GetProperty("keyName").GetString(), customer.GetProperty("status").GetInt32(), customer.GetProperty("latencyMs").GetInt32(), customer.GetProperty("billable").GetBoolean()));
        Assert.Equal(organizationName, provider.GetProperty("organization").GetString());
        Assert.Equal(JsonValueKind.Null, provider.GetProperty("keyName").ValueKind);
        Assert.Equal("/lookup/v1/thing", provider.GetProperty("route").GetString());
        var theirs = await ProblemAsync(await outsiderClient.GetAsync($"/api/v1/organizations/{outsiderOrganization}/calls/{requestId}"), HttpStatusCode.NotFound);
        var unknown = await ProblemAsync(await outsiderClient.GetAsync($"/api/v1/organizations/{outsiderOrganization}/calls/no-such-call"), HttpStatusCode.NotFound);
        Assert.Equal(unknown.GetProperty("detail").GetString(), theirs.GetProperty("detail").GetString());
        await ProblemAsync(await outsiderClient.GetAsync($"/api/v1/organizations/{outsiderOrganization}/listings/calls/{requestId}"), HttpStatusCode.NotFound);
        await ProblemAsync(
            await Client(await factory.TokenAsync(customerId, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{customerOrganization}/listings/calls/{requestId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Usage_groups_and_failed_calls_match_the_console_and_leave_out_other_customers()
    {
        var api = Client(await factory.TokenAsync(customerId, TokenScopes.Read));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var query = $"from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}";

        var groups = await JsonAsync(await api.GetAsync($"/api/v1/organizations/{customerOrganization}/usage/groups?{query}&pageSize=100"));
        var failed = await JsonAsync(await api.GetAsync($"/api/v1/organizations/{customerOrganization}/usage/errors?{query}&statusClass=5xx&pageSize=5"));

        var filter = new UsageFilter(today.AddDays(-29), today);
        var (expectedGroups, expectedFailed) = await factory.WithAsync(async s => (
            await s.GetRequiredService<UsageDrillDownService>().GroupsAsync(customerId, customerOrganization, filter, 0, 100, CancellationToken.None),
            await s.GetRequiredService<UsageDrillDownService>().FailedCallsAsync(customerId, customerOrganization, filter with { StatusClass = 5 }, 0, 5, CancellationToken.None)));
        Assert.True(expectedGroups.Total > 0, "The demo seed gives the customer calls.");
        Assert.Equal(expectedGroups.Total, groups.GetProperty("total").GetInt32());
        Assert.Equal(expectedGroups.Items.Sum(g => g.Calls), groups.GetProperty("items").EnumerateArray().Sum(g => g.GetProperty("calls").GetInt64()));
        Assert.Equal(expectedFailed.Items.Select(c => c.RequestId), failed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("requestId").GetString()));
        Assert.All(failed.GetProperty("items").EnumerateArray(), c => Assert.InRange(c.GetProperty("status").GetInt32(), 500, 599));
        var outsider = await UserAsync();
        var outsiderOrganization = (await factory.WithAsync(s => s.GetRequiredService<OrganizationService>().GetCurrentAsync(outsider, CancellationToken.None)))!.OrganizationId;
        var theirs = await JsonAsync(await Client(await factory.TokenAsync(outsider, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{outsiderOrganization}/usage/groups?{query}"));
        Assert.Equal(0, theirs.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_long_list_of_privacy_datasets_comes_in_pages_newest_first()
    {
        var (userId, organization) = await OwnOrganizationAsync();
        var registered = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var dataset = await factory.WithAsync(s => s.GetRequiredService<PrivacyDatasetService>()
                .CreateAsync(userId, organization, new PrivacyDatasetInput($"dataset {i}", null, null, null), CancellationToken.None));
            registered.Add(dataset.Id);
        }

        registered.Reverse();
        await AssertPagedAsync(Client(await factory.TokenAsync(userId, TokenScopes.Read)), $"/api/v1/organizations/{organization}/privacy/datasets", registered, size: 2);
    }

    [Fact]
    public async Task A_privacy_dataset_is_registered_listed_with_its_budget_and_archived_and_another_organizations_is_404()
    {
        var client = Client(await factory.TokenAsync(customerId));
        var datasets = $"/api/v1/organizations/{customerOrganization}/privacy/datasets";

        var created = await JsonAsync(await client.PostAsJsonAsync(datasets, new { name = $"patients {Guid.NewGuid():N}", epsilonBudget = 4, deltaBudget = 0 }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var duplicate = await client.PostAsJsonAsync(datasets, new { name = created.GetProperty("name").GetString() });
        var list = await JsonAsync(await client.GetAsync(datasets));
        var budget = await JsonAsync(await client.GetAsync($"{datasets}/{id}/budget"));
        var archive = await client.PostAsync($"{datasets}/{id}/archive", null);
        var again = await client.PostAsync($"{datasets}/{id}/archive", null);
        var archived = (await JsonAsync(await client.GetAsync($"{datasets}/{id}/budget"))).GetProperty("dataset");
        var providers = await factory.WithAsync(services => services.GetRequiredService<PrivacyDatasetService>()
            .CreateAsync(providerId, providerOrganization, new PrivacyDatasetInput("provider's own", null, null, null), CancellationToken.None));
        var providerDataset = await client.GetAsync($"{datasets}/{providers.Id}/budget");
        var providerArchive = await client.PostAsync($"{datasets}/{providers.Id}/archive", null);

        Assert.Equal((4.0, 0.0, 4.0), (created.GetProperty("epsilonBudget").GetDouble(), created.GetProperty("deltaBudget").GetDouble(), created.GetProperty("remainingEpsilon").GetDouble()));
        Assert.True((await ProblemAsync(duplicate, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("name", out _));
        var listed = list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(id, listed[0]);
        Assert.Contains(DemoSeedOptions.CustomerPrivacyDatasetId, listed);
        Assert.Equal(50.0, budget.GetProperty("month").GetProperty("epsilonCap").GetDouble());
        Assert.Equal((id, 0), (budget.GetProperty("dataset").GetProperty("id").GetGuid(), budget.GetProperty("dataset").GetProperty("queries").GetInt32()));
        Assert.True(budget.GetProperty("month").TryGetProperty("resetsAt", out _));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (archive.StatusCode, again.StatusCode));
        Assert.NotEqual(JsonValueKind.Null, archived.GetProperty("archivedAt").ValueKind);
        await ProblemAsync(providerDataset, HttpStatusCode.NotFound);
        await ProblemAsync(providerArchive, HttpStatusCode.NotFound);
        await ProblemAsync(await client.GetAsync($"{datasets}/{Guid.NewGuid()}/budget"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invoices_are_paged_and_readable_one_by_one()
    {
        var invoiceId = await factory.WithAsync(async s =>
        {
            var db = s.GetRequiredService<TrustVaultDbContext>();
            var invoice = new Invoice
            {
                OrganizationId = customerOrganization,
                PeriodStart = new DateTimeOffset(2020, 9, 1, 0, 0, 0, TimeSpan.Zero),
                PeriodEnd = new DateTimeOffset(2020, 10, 1, 0, 0, 0, TimeSpan.Zero),
                Currency = "USD",
                Number = Invoice.FormatNumber(2020, 9001),
                NumberYear = 2020,
                NumberSequence = 9001,
                Total = 49m,
                IssuedAt = new DateTimeOffset(2020, 10, 1, 1, 0, 0, TimeSpan.Zero),
            };
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
            return invoice.Id;
        });
        var api = Client(await factory.TokenAsync(customerId, TokenScopes.Read));

        var page = await JsonAsync(await api.GetAsync($"/api/v1/organizations/{customerOrganization}/invoices?page=1&pageSize=1"));
        var far = await JsonAsync(await api.GetAsync($"/api/v1/organizations/{customerOrganization}/invoices?page=21474838&pageSize=100"));
        var one = await JsonAsync(await api.GetAsync($"/api/v1/organizations/{customerOrganization}/invoices/{invoiceId}"));

        var expected = await factory.WithAsync(s => s.GetRequiredService<BillingService>().ListInvoicesAsync(customerId, customerOrganization, 0, 1, CancellationToken.None));
        Assert.Equal(expected.Total, page.GetProperty("total").GetInt32());
        Assert.Equal(expected.Items.Select(i => i.Id), page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Empty(far.GetProperty("items").EnumerateArray());
        Assert.Equal("TV-2020-009001", one.GetProperty("number").GetString());
        Assert.Equal(49m, one.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Another_organizations_invoice_is_404_even_for_a_member_of_a_different_one()
    {
        var response = await Client(await factory.TokenAsync(providerId, TokenScopes.Read))
            .GetAsync($"/api/v1/organizations/{providerOrganization}/invoices/{Guid.NewGuid()}");

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Listings_give_the_providers_own_listings_with_stats()
    {
        var body = await JsonAsync(await Client(await factory.TokenAsync(providerId, TokenScopes.Read)).GetAsync($"/api/v1/organizations/{providerOrganization}/listings"));

        var expected = await factory.WithAsync(s => s.GetRequiredService<ListingService>().ListAsync(providerId, providerOrganization, CancellationToken.None));
        Assert.NotEmpty(expected);
        var rows = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
        Assert.Equal(expected.Take(PlatformPage.DefaultSize).Select(l => l.Id), rows.Select(r => r.GetProperty("listing").GetProperty("id").GetGuid()));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Object, r.GetProperty("stats").ValueKind));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_v1_paths_and_the_bearer_scheme()
    {
        var document = await JsonAsync(await Client().GetAsync("/api/docs/platform.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/organizations", paths);
        Assert.Contains("/api/v1/organizations/{organizationId}/keys", paths);
        Assert.Contains("/api/v1/organizations/{organizationId}/keys/{keyId}/rotate", paths);
        Assert.Contains("/api/v1/organizations/{organizationId}/usage", paths);
        Assert.Contains("/api/v1/organizations/{organizationId}/invoices/{invoiceId}", paths);
        Assert.Contains("/api/v1/organizations/{organizationId}/listings", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("PersonalAccessToken");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("PersonalAccessToken", out _));
    }

    [Fact]
    public async Task A_body_of_another_media_type_gets_415_saying_to_send_json()
    {
        var response = await Client(await factory.TokenAsync(await UserAsync(OrganizationRole.Owner))).PostAsync($"/api/v1/organizations/{customerOrganization}/keys",
            new StringContent("""{ "name": "form" }""", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Send the body as JSON with Content-Type: application/json.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-route", HttpStatusCode.NotFound, "check the path")]
    [InlineData("PUT", "/api/v1/organizations/{org}/keys", HttpStatusCode.MethodNotAllowed, "Allow header")]
    public async Task A_route_or_method_the_api_lacks_gets_a_problem_saying_what_to_check(string method, string route, HttpStatusCode status, string detail)
    {
        var request = Request(method, route);
        request.Content = JsonContent.Create(new { name = "x" });

        var problem = await ProblemAsync(await Client(await factory.TokenAsync(await UserAsync(OrganizationRole.Owner))).SendAsync(request), status);

        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// What a client generated from the document must send: exactly the fields the API refuses to do without (each refusal
    /// is checked by Bad_input_gets_400_naming_the_field and AutomationApiTests' bad listing and subscription input). Every
    /// request body of the document is listed, so a new one has to be added here.
    /// </summary>
    [Fact]
    public async Task The_openapi_document_requires_exactly_the_request_fields_the_api_refuses_without()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["CreateKeyRequest"] = ["name"],
            ["RotateKeyRequest"] = [],
            ["SubscribeRequest"] = ["planId"],
            ["ChangePlanRequest"] = ["planId"],
            ["ListingRequest"] = [],
            ["OpenApiDocumentRequest"] = ["document"],
            ["PlanRequest"] = ["name"],
            ["CreateEndpointRequest"] = ["url"],
            ["CreateDatasetRequest"] = ["name"],
        };
        var document = await JsonAsync(await Client().GetAsync("/api/docs/platform.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var bodies = Operations(document)
            .Where(o => o.Operation.TryGetProperty("requestBody", out _))
            .Select(o => o.Operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").ToString())
            .Select(schema => System.Text.RegularExpressions.Regex.Match(schema, "#/components/schemas/([A-Za-z]+)").Groups[1].Value)
            .ToHashSet();

        Assert.Equal(expected.Keys.Order().ToArray(), bodies.Order().ToArray());
        Assert.All(expected, model => Assert.Equal(
            model.Value.Order().ToArray(),
            schemas.GetProperty(model.Key).TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).Order().ToArray() : []));
    }

    [Fact]
    public async Task The_openapi_document_gives_every_error_answer_its_traceid_and_statuses()
    {
        var document = await JsonAsync(await Client().GetAsync("/api/docs/platform.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var api = Client(await factory.TokenAsync(await UserAsync(OrganizationRole.Owner)));
        var notFound = await ProblemAsync(await api.GetAsync($"/api/v1/organizations/{Guid.Empty}/keys"), HttpStatusCode.NotFound);
        var invalid = await ProblemAsync(await api.PostAsJsonAsync(
            $"/api/v1/organizations/{customerOrganization}/keys", new { name = "" }), HttpStatusCode.BadRequest);

        foreach (var (schema, answer) in new[] { ("ProblemDetails", notFound), ("HttpValidationProblemDetails", invalid) })
        {
            var documented = schemas.GetProperty(schema).GetProperty("properties");
            Assert.All(answer.EnumerateObject(), field => Assert.True(documented.TryGetProperty(field.Name, out _), $"{schema} lacks {field.Name}"));
        }

        var operations = Operations(document).ToList();
        Assert.All(operations.Where(o => o.Operation.TryGetProperty("requestBody", out _)),
            o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("415", out _), $"{o.Name} does not document 415"));
        Assert.True(operations.Single(o => o.Name == "RetirePlan").Operation.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task The_openapi_document_says_what_usage_errors_count_and_that_canceling_withdraws_a_downgrade()
    {
        var document = await JsonAsync(await Client().GetAsync("/api/docs/platform.json"));
        var operations = Operations(document).ToDictionary(o => o.Name, o => o.Operation.ToString());
        var summary = document.GetProperty("components").GetProperty("schemas").GetProperty("UsageSummary").GetProperty("properties");

        Assert.Contains("5xx", summary.GetProperty("errors").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("5xx", operations["GetUsage"], StringComparison.Ordinal);
        Assert.Contains("only 5xx", operations["ListFailedCalls"], StringComparison.Ordinal);
        Assert.Contains("scheduled downgrade is withdrawn", operations["CancelSubscription"], StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => operation.Value))
            .Select(operation => (operation.GetProperty("operationId").GetString()!, operation));

    [Fact]
    public async Task The_api_reference_page_answers_with_html_pointing_at_the_document()
    {
        var response = await Client().GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("platform.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_reference_page_turns_off_scalars_ai_chat_and_developer_tools()
    {
        var page = await Client().GetStringAsync("/api/docs");

        Assert.Matches("\"agent\":\\s*\\{\\s*\"disabled\":\\s*true", page);
        Assert.Matches("\"showDeveloperTools\":\\s*\"never\"", page);
    }
}
