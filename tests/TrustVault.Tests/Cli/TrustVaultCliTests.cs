using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Cli;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Tests.Api;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Cli;

/// <summary>The trustvault command against the app: its login file, its commands as the platform API answers them, and its exit codes.</summary>
[Collection(AppCollection.Name)]
public sealed class TrustVaultCliTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>, IAsyncLifetime, IDisposable
{
    private const string Analytics = "ai-analytics";
    private readonly string configFolder = Path.Combine(Path.GetTempPath(), "trustvault-cli-" + Guid.NewGuid().ToString("N"));
    private Guid organizationId;
    private string token = "";

    public async Task InitializeAsync()
    {
        await DemoCustomer.UseRoomiestPlanAsync(factory, Analytics);
        await using var scope = factory.Services.CreateAsyncScope();
        (var customerId, organizationId) = await DemoCustomer.OrganizationAsync(scope.ServiceProvider);
        token = (await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(customerId, "cli tests", TokenScopes.Read | TokenScopes.Write, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None)).Secret;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        if (Directory.Exists(configFolder))
        {
            Directory.Delete(configFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_login_a_command_says_how_to_log_in_and_exits_3()
    {
        var run = await RunAsync("orgs");

        Assert.Equal(ExitCodes.NotLoggedIn, run.Exit);
        Assert.Contains("trustvault login", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_saves_the_token_for_the_owner_only_and_the_organization_it_acts_for()
    {
        var run = await RunAsync("login", "--token", token, "--url", "http://localhost", "--org", organizationId.ToString());

        Assert.Equal((ExitCodes.Ok, ""), (run.Exit, run.Error));
        var file = Path.Combine(configFolder, "config.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(configFolder));
        }

        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Equal((token, organizationId.ToString()), (saved.GetProperty("token").GetString(), saved.GetProperty("organizationId").GetString()));

        var logout = await RunAsync("logout");
        Assert.Equal(ExitCodes.Ok, logout.Exit);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task A_refused_token_is_not_saved_and_exits_3()
    {
        var run = await RunAsync("login", "--token", "tvp_nosuchtoken_" + new string('x', 40), "--url", "http://localhost");

        Assert.Equal(ExitCodes.NotLoggedIn, run.Exit);
        Assert.False(File.Exists(Path.Combine(configFolder, "config.json")));
    }

    [Fact]
    public async Task A_key_created_with_the_cli_calls_an_api_and_once_revoked_is_refused()
    {
        await LogInAsync();

        var created = await RunAsync("keys", "create", "cli test key", "--json");
        Assert.Equal(ExitCodes.Ok, created.Exit);
        var issued = JsonDocument.Parse(created.Out).RootElement;
        var secret = issued.GetProperty("secret").GetString()!;
        var keyId = issued.GetProperty("key").GetProperty("id").GetString()!;

        var listed = await RunAsync("keys", "list");
        Assert.Equal(ExitCodes.Ok, listed.Exit);
        Assert.StartsWith("ID", listed.Out, StringComparison.Ordinal);
        Assert.Contains(keyId, listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Out, StringComparison.Ordinal);

        var call = await RunAsync("call", Analytics, "/v1/ping", "--key", secret);
        Assert.Equal(ExitCodes.Ok, call.Exit);
        Assert.Equal("ok", JsonDocument.Parse(call.Out).RootElement.GetProperty("status").GetString());

        Assert.Equal(ExitCodes.Ok, (await RunAsync("keys", "revoke", keyId)).Exit);
        var refused = await RunAsync("call", Analytics, "/v1/ping", "--key", secret);
        Assert.Equal(ExitCodes.Refused, refused.Exit);
        Assert.Contains("401", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_call_is_listed_with_its_request_id_and_looked_up_by_it()
    {
        await LogInAsync();
        var key = JsonDocument.Parse((await RunAsync("keys", "create", "cli lookup key", "--json")).Out).RootElement.GetProperty("secret").GetString()!;
        Assert.Equal(ExitCodes.Refused, (await RunAsync("call", Analytics, "/v1/forecast", "-d", "{}", "--key", key)).Exit);

        var errors = await RunAsync("errors", "--days", "1", "--json");
        var failed = JsonDocument.Parse(errors.Out).RootElement.GetProperty("items").EnumerateArray().First(c => c.GetProperty("keyName").GetString() == "cli lookup key");
        var requestId = failed.GetProperty("requestId").GetString()!;
        var lookup = await RunAsync("lookup", requestId);
        var unknown = await RunAsync("lookup", "no-such-request");

        Assert.Equal(400, failed.GetProperty("status").GetInt32());
        Assert.Equal(ExitCodes.Ok, lookup.Exit);
        Assert.Contains("400", lookup.Out, StringComparison.Ordinal);
        Assert.Contains("cli lookup key", lookup.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, unknown.Exit);
        Assert.Contains("404", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_posts_a_body_and_a_bad_one_is_refused_with_the_apis_message()
    {
        await LogInAsync();
        var key = JsonDocument.Parse((await RunAsync("keys", "create", "cli body key", "--json")).Out).RootElement.GetProperty("secret").GetString()!;

        var forecast = await RunAsync("call", Analytics, "/v1/forecast", "-d", """{"series":[3,5,4,6,5,7,6,8],"horizon":2,"seasonLength":1}""", "--key", key);
        var refused = await RunAsync("call", Analytics, "/v1/forecast", "-d", """{"series":[1,2],"horizon":0,"seasonLength":1}""", "--key", key);

        Assert.Equal(ExitCodes.Ok, forecast.Exit);
        Assert.Equal(2, JsonDocument.Parse(forecast.Out).RootElement.GetProperty("points").GetArrayLength());
        Assert.Equal(ExitCodes.Refused, refused.Exit);
        Assert.Contains("400", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_show_the_organizations_subscriptions_usage_and_invoices_as_the_api_has_them()
    {
        await LogInAsync();

        var organizations = await RunAsync("orgs", "--json");
        var subscriptions = await RunAsync("subs", "--json");
        var usage = await RunAsync("usage", "--days", "7", "--listing", Analytics, "--json");
        var invoices = await RunAsync("invoices", "--json");

        Assert.All(new[] { organizations, subscriptions, usage, invoices }, r => Assert.Equal((ExitCodes.Ok, ""), (r.Exit, r.Error)));
        Assert.Contains(JsonDocument.Parse(organizations.Out).RootElement.EnumerateArray(), o => o.GetProperty("organizationId").GetGuid() == organizationId);
        var analytics = Assert.Single(JsonDocument.Parse(subscriptions.Out).RootElement.EnumerateArray(), s => s.GetProperty("listingSlug").GetString() == Analytics);
        var listingId = analytics.GetProperty("listingId").GetGuid();
        Assert.All(JsonDocument.Parse(usage.Out).RootElement.GetProperty("daily").EnumerateArray(), d => Assert.Equal(listingId, d.GetProperty("listingId").GetGuid()));
        Assert.Equal(1, JsonDocument.Parse(invoices.Out).RootElement.GetProperty("page").GetInt32());
        var table = await RunAsync("subs");
        Assert.Contains(Analytics, table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataset_created_with_the_cli_is_listed_with_its_budget_and_once_archived_says_so()
    {
        await LogInAsync();
        var name = $"cli {Guid.NewGuid():N}";

        var created = await RunAsync("datasets", "create", name, "--epsilon", "2.5", "--delta", "0", "--json");
        Assert.Equal((ExitCodes.Ok, ""), (created.Exit, created.Error));
        var id = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString()!;
        var listed = await RunAsync("datasets", "list");
        var budget = await RunAsync("datasets", "budget", id);
        var archived = await RunAsync("datasets", "archive", id);
        var after = await RunAsync("datasets", "budget", id, "--json");
        var refused = await RunAsync("datasets", "create", "x", "--delta", "0.5");

        Assert.Contains(id, listed.Out, StringComparison.Ordinal);
        Assert.Contains("0 of 2.5", listed.Out, StringComparison.Ordinal);
        Assert.Contains("This month: ε", listed.Out, StringComparison.Ordinal);
        Assert.StartsWith($"{name}: ε 2.5 of 2.5 left", budget.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, archived.Exit);
        Assert.NotEqual(JsonValueKind.Null, JsonDocument.Parse(after.Out).RootElement.GetProperty("dataset").GetProperty("archivedAt").ValueKind);
        Assert.Equal(ExitCodes.Refused, refused.Exit);
        Assert.Contains("δ budget", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_of_an_organization_the_user_is_no_member_of_are_refused_and_exit_1()
    {
        await LogInAsync();
        var provider = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Provider).Organization;
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var other = await db.Organizations.Where(o => o.Name == provider).Select(o => o.Id).SingleAsync();

        var run = await RunAsync("keys", "list", "--org", other.ToString());

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("keys", "revoke", "not-a-key-id")]
    [InlineData("nonsense")]
    [InlineData("keys")]
    [InlineData("usage", "--days", "many")]
    [InlineData("login", "--token", "tvp_x", "--url", "ftp://example.com")]
    public async Task A_wrong_command_line_exits_2_and_points_to_help(params string[] args)
    {
        await LogInAsync();

        var run = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_of_a_listing_without_a_subscription_exits_2_and_days_out_of_range_are_refused_by_the_api()
    {
        await LogInAsync();

        var unknown = await RunAsync("usage", "--listing", "no-such-listing");
        var tooMany = await RunAsync("usage", "--days", "400");

        Assert.Equal(ExitCodes.Usage, unknown.Exit);
        Assert.Contains("no-such-listing", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, tooMany.Exit);
        Assert.Contains("400", tooMany.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_without_an_api_key_exits_2()
    {
        await LogInAsync();

        var run = await RunAsync("call", Analytics, "/v1/ping");

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Contains(TrustVaultCli.ApiKeyVariable, run.Error, StringComparison.Ordinal);
    }

    private async Task LogInAsync()
    {
        var run = await RunAsync("login", "--token", token, "--url", "http://localhost", "--org", organizationId.ToString());
        Assert.True(run.Exit == ExitCodes.Ok, run.Error);
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, new CliConfigStore(configFolder), _ => factory.CreateClient(), _ => null);
        var exit = await TrustVaultCli.RunAsync(args, environment, CancellationToken.None);
        return new CliRun(exit, output.ToString().Trim(), error.ToString().Trim());
    }

    private sealed record CliRun(int Exit, string Out, string Error);
}
