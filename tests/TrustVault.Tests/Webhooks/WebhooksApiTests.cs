using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Webhooks;

/// <summary>/api/v1/organizations/{id}/webhooks with personal access tokens of the demo customer (an owner), its members and outsiders.</summary>
[Collection(AppCollection.Name)]
public sealed class WebhooksApiTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>, IAsyncLifetime
{
    private const string Org = "{org}";

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", $"/api/v1/organizations/{Org}/webhooks" },
        { "GET", $"/api/v1/organizations/{Org}/webhooks/deliveries" },
        { "POST", $"/api/v1/organizations/{Org}/webhooks" },
        { "DELETE", $"/api/v1/organizations/{Org}/webhooks/{Guid.Empty}" },
        { "POST", $"/api/v1/organizations/{Org}/webhooks/{Guid.Empty}/test" },
        { "POST", $"/api/v1/organizations/{Org}/webhooks/deliveries/{Guid.Empty}/resend" },
    };

    public static TheoryData<string, string> WriteRoutes => new()
    {
        { "POST", $"/api/v1/organizations/{Org}/webhooks" },
        { "DELETE", $"/api/v1/organizations/{Org}/webhooks/{Guid.Empty}" },
        { "POST", $"/api/v1/organizations/{Org}/webhooks/{Guid.Empty}/test" },
        { "POST", $"/api/v1/organizations/{Org}/webhooks/deliveries/{Guid.Empty}/resend" },
    };

    private string customerId = "";
    private Guid customerOrganization;

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        customerId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("customer@trustvault.dev"))!.Id;
        customerOrganization = (await scope.ServiceProvider.GetRequiredService<OrganizationService>().GetCurrentAsync(customerId, CancellationToken.None))!.OrganizationId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> ClientAsync(string userId, TokenScopes scopes = TokenScopes.Write)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(userId, $"tests {Guid.NewGuid():N}", scopes, DateTimeOffset.UtcNow.AddDays(7), CancellationToken.None);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return client;
    }

    /// <summary>A new user, a member of the customer's organization with <paramref name="role"/> if given.</summary>
    private async Task<string> UserAsync(OrganizationRole? role = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
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
    }

    private HttpRequestMessage Request(string method, string route, string body = """{ "url": "https://hooks.example.com/tv" }""") =>
        new(new HttpMethod(method), route.Replace(Org, customerOrganization.ToString(), StringComparison.Ordinal))
        {
            Content = method == "POST" ? new StringContent(body, Encoding.UTF8, "application/json") : null,
        };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task An_owner_registers_an_endpoint_sends_a_test_reads_the_log_resends_and_deletes()
    {
        var client = await ClientAsync(customerId);
        var path = $"/api/v1/organizations/{customerOrganization}/webhooks";

        var created = await JsonAsync(
            await client.PostAsJsonAsync(path, new { url = "https://hooks.example.com/tv?token=abc", events = new[] { "key.created", "key.revoked" } }),
            HttpStatusCode.Created);
        var endpointId = created.GetProperty("endpoint").GetProperty("id").GetGuid();
        Assert.StartsWith("whsec_", created.GetProperty("secret").GetString(), StringComparison.Ordinal);
        var listed = await JsonAsync(await client.GetAsync(path), HttpStatusCode.OK);
        Assert.DoesNotContain("whsec_", listed.ToString(), StringComparison.Ordinal);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetGuid() == endpointId);

        var test = await JsonAsync(await client.PostAsync($"{path}/{endpointId}/test", null), HttpStatusCode.Accepted);
        var log = await JsonAsync(await client.GetAsync($"{path}/deliveries?endpointId={endpointId}&pageSize=5"), HttpStatusCode.OK);
        var delivery = Assert.Single(log.GetProperty("items").EnumerateArray());
        var far = await JsonAsync(await client.GetAsync($"{path}/deliveries?endpointId={endpointId}&page=21474838&pageSize=100"), HttpStatusCode.OK);
        Assert.Empty(far.GetProperty("items").EnumerateArray());
        Assert.Equal(test.GetProperty("eventId").GetString(), delivery.GetProperty("eventId").GetString());
        Assert.Equal("Pending", delivery.GetProperty("status").GetString());
        await JsonAsync(await client.PostAsync($"{path}/deliveries/{delivery.GetProperty("id").GetGuid()}/resend", null), HttpStatusCode.Accepted);
        await JsonAsync(await client.DeleteAsync($"{path}/{endpointId}"), HttpStatusCode.NoContent);

        Assert.DoesNotContain((await JsonAsync(await client.GetAsync(path), HttpStatusCode.OK)).GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetGuid() == endpointId);
    }

    [Fact]
    public async Task A_new_endpoints_creation_time_is_answered_as_the_list_gives_it_later()
    {
        var client = await ClientAsync(customerId);
        var path = $"/api/v1/organizations/{customerOrganization}/webhooks";

        var created = (await JsonAsync(await client.PostAsJsonAsync(path, new { url = "https://hooks.example.com/timed" }), HttpStatusCode.Created)).GetProperty("endpoint");
        var endpointId = created.GetProperty("id").GetGuid();
        var listed = (await JsonAsync(await client.GetAsync(path), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == endpointId);
        await JsonAsync(await client.DeleteAsync($"{path}/{endpointId}"), HttpStatusCode.NoContent);

        Assert.Equal(listed.GetProperty("createdAt").GetString(), created.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task A_new_endpoints_location_is_served_and_lists_it()
    {
        var client = await ClientAsync(customerId);
        var path = $"/api/v1/organizations/{customerOrganization}/webhooks";

        var response = await client.PostAsJsonAsync(path, new { url = "https://hooks.example.com/located" });
        var endpointId = (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("endpoint").GetProperty("id").GetGuid();

        var listed = await JsonAsync(await client.GetAsync(response.Headers.Location), HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetGuid() == endpointId);
        await JsonAsync(await client.DeleteAsync($"{path}/{endpointId}"), HttpStatusCode.NoContent);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_user_who_is_not_a_member_gets_404_on_every_route(string method, string route)
    {
        var response = await (await ClientAsync(await UserAsync())).SendAsync(Request(method, route));

        await JsonAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task A_developer_reads_the_log_but_gets_403_on_every_change(string method, string route)
    {
        var client = await ClientAsync(await UserAsync(OrganizationRole.Developer));

        await JsonAsync(await client.SendAsync(Request("GET", $"/api/v1/organizations/{Org}/webhooks/deliveries")), HttpStatusCode.OK);
        var problem = await JsonAsync(await client.SendAsync(Request(method, route)), HttpStatusCode.Forbidden);

        Assert.Contains("Owner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task A_read_only_token_gets_403_on_every_write_route(string method, string route)
    {
        var response = await (await ClientAsync(customerId, TokenScopes.Read)).SendAsync(Request(method, route));

        await JsonAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("POST", "webhooks", """{ "url": "https://10.0.0.5/hooks" }""", "url")]
    [InlineData("POST", "webhooks", """{ "url": "https://169.254.169.254/latest" }""", "url")]
    [InlineData("POST", "webhooks", """{ "url": "https://localhost/hooks" }""", "url")]
    [InlineData("POST", "webhooks", """{ "url": "https://hooks.example.com:0/hooks" }""", "url")]
    [InlineData("POST", "webhooks", """{ "url": "https://hooks.example.com/", "events": ["key.exploded"] }""", "events")]
    [InlineData("POST", "webhooks", """{ "url": "https://hooks.example.com/", "events": [] }""", "events")]
    [InlineData("GET", "webhooks/deliveries?page=0", null, "page")]
    [InlineData("GET", "webhooks/deliveries?pageSize=101", null, "pageSize")]
    public async Task Bad_input_gets_400_problem_json_naming_the_field(string method, string path, string? body, string field)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/organizations/{customerOrganization}/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await (await ClientAsync(customerId)).SendAsync(request);

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
