using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Cli;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
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
            .CreateAsync(customerId, $"cli tests {Guid.NewGuid():N}", TokenScopes.Read | TokenScopes.Write, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None)).Secret;
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

        // The call reaches the usage store a moment after its answer, when the usage journal imports it.
        JsonElement? listed = null;
        for (var deadline = DateTime.UtcNow + UsageStore.Patience; listed is null && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            var errors = await RunAsync("errors", "--days", "1", "--json");
            listed = JsonDocument.Parse(errors.Out).RootElement.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("keyName").GetString() == "cli lookup key").Cast<JsonElement?>().FirstOrDefault();
        }

        var failed = listed ?? throw new Xunit.Sdk.XunitException("The failed call was never listed.");
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
        Assert.Contains(JsonDocument.Parse(organizations.Out).RootElement.GetProperty("items").EnumerateArray(), o => o.GetProperty("organizationId").GetGuid() == organizationId);
        var analytics = Assert.Single(JsonDocument.Parse(subscriptions.Out).RootElement.GetProperty("items").EnumerateArray(), s => s.GetProperty("listingSlug").GetString() == Analytics);
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

    /// <summary>
    /// The steps of docs/examples/publish-listing.sh, through the CLI: a provider imports a new OpenAPI document into a live
    /// listing, bumps its version, submits and reads the review status until an administrator approves.
    /// </summary>
    [Fact]
    public async Task A_provider_publishes_a_new_version_of_a_live_listing_as_the_ci_script_does()
    {
        await LogInAsProviderAsync();
        var slug = $"cli-tides-{Guid.NewGuid():N}"[..24];
        var created = await RunAsync("listings", "create", "--name", "CLI tides", "--slug", slug, "--summary", "Tides from a pipeline.", "--category", "Weather",
            "--upstream-url", "https://api.tides.example", "--tag", "ocean", "--tag", "tides", "--json");
        Assert.True(created.Exit == ExitCodes.Ok, created.Error);
        var listingId = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString()!;
        var document = await OpenApiFileAsync("1.0.0", "/tides");
        Assert.Equal(ExitCodes.Ok, (await RunAsync("listings", "import", listingId, document)).Exit);
        var plan = await RunAsync("plans", "create", listingId, "--name", "Free", "--included-calls", "500", "--json");
        Assert.True(plan.Exit == ExitCodes.Ok, plan.Error);
        var submitted = await RunAsync("listings", "submit", listingId);
        Assert.Contains($"{slug} is InReview.", submitted.Out, StringComparison.Ordinal);
        await AsAdminAsync((moderation, admin) => moderation.ApproveAsync(admin, Guid.Parse(listingId), CancellationToken.None));

        // The script: import, update, submit, then the review status.
        var imported = await RunAsync("listings", "import", listingId, await OpenApiFileAsync("2.0.0", "/tides", "/currents"), "--json");
        var updated = await RunAsync("listings", "update", listingId, "--version", "2.0.0", "--json");
        var resubmitted = await RunAsync("listings", "submit", listingId, "--json");
        var pending = await RunAsync("listings", "status", listingId, "--json");

        Assert.All(new[] { imported, updated, resubmitted, pending }, r => Assert.True(r.Exit == ExitCodes.Ok, r.Error));
        Assert.Equal(2, JsonDocument.Parse(imported.Out).RootElement.GetProperty("endpoints").GetInt32());
        var review = JsonDocument.Parse(pending.Out).RootElement;
        Assert.Equal(("Published", true), (review.GetProperty("status").GetString(), review.GetProperty("isInReview").GetBoolean()));
        var changes = review.GetProperty("revision").GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()).ToList();
        Assert.Equal(["Version", "API definition"], changes);
        var tags = review.GetProperty("revision").GetProperty("proposedFields").GetProperty("tags").EnumerateArray().Select(t => t.GetString());
        Assert.Equal(["ocean", "tides"], tags);

        var revisionId = review.GetProperty("revision").GetProperty("id").GetGuid();
        await AsAdminAsync((moderation, admin) => moderation.ApproveRevisionAsync(admin, revisionId, CancellationToken.None));

        var approved = await RunAsync("listings", "status", listingId);
        Assert.Equal($"{slug} is Published. Latest changes: Approved.", approved.Out);
        var listed = await RunAsync("listings", "list");
        Assert.Contains(slug, listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_document_is_refused_with_each_error_at_its_location_and_exits_1()
    {
        await LogInAsProviderAsync();
        var created = await RunAsync("listings", "create", "--name", "CLI broken", "--slug", $"cli-broken-{Guid.NewGuid():N}"[..24], "--summary", "x", "--category", "Weather", "--json");
        var listingId = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString()!;
        var file = Path.Combine(configFolder, "broken.yaml");
        Directory.CreateDirectory(configFolder);
        await File.WriteAllTextAsync(file, "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n");

        var run = await RunAsync("listings", "import", listingId, file);
        var missing = await RunAsync("listings", "import", listingId, Path.Combine(configFolder, "no-such.yaml"));

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Contains("#/paths: The document has no paths", run.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, missing.Exit);
    }

    [Fact]
    public async Task A_customer_subscribes_confirms_a_paid_plan_changes_plan_cancels_and_keeps_it_from_the_cli()
    {
        var (free, pro, retired) = await ProviderListingWithPlansAsync();
        await LogInAsync();

        var subscribed = await RunAsync("subs", "subscribe", free.ToString(), "--json");
        var subscriptionId = JsonDocument.Parse(subscribed.Out).RootElement.GetProperty("subscriptionId").GetString()!;
        var quoted = await RunAsync("subs", "change", subscriptionId, pro.ToString());
        var changed = await RunAsync("subs", "change", subscriptionId, pro.ToString(), "--confirm", "--json");
        var closed = await RunAsync("subs", "subscribe", retired.ToString());
        var canceled = await RunAsync("subs", "cancel", subscriptionId, "--json");
        var kept = await RunAsync("subs", "keep", subscriptionId);

        Assert.Equal("Applied", JsonDocument.Parse(subscribed.Out).RootElement.GetProperty("step").GetString());
        Assert.Equal(ExitCodes.Ok, quoted.Exit);
        Assert.Contains("run the command again with --confirm", quoted.Out, StringComparison.Ordinal);
        Assert.Equal("Applied", JsonDocument.Parse(changed.Out).RootElement.GetProperty("step").GetString());
        Assert.Equal(ExitCodes.Refused, closed.Exit);
        Assert.Contains("404", closed.Error, StringComparison.Ordinal);
        Assert.Equal(subscriptionId, JsonDocument.Parse(canceled.Out).RootElement.GetProperty("subscriptionId").GetString());
        Assert.Equal((ExitCodes.Ok, $"Kept {subscriptionId}: it renews at its plan."), (kept.Exit, kept.Out.Trim()));
    }

    /// <summary>A published listing of the demo provider with a Free and a Pro plan, and a third plan retired through the CLI.</summary>
    private async Task<(Guid Free, Guid Pro, Guid Retired)> ProviderListingWithPlansAsync()
    {
        await LogInAsProviderAsync();
        var created = await RunAsync("listings", "create", "--name", "CLI plans", "--slug", $"cli-plans-{Guid.NewGuid():N}"[..24], "--summary", "Plans.",
            "--category", "Weather", "--upstream-url", "https://api.tides.example", "--json");
        var listingId = JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(ExitCodes.Ok, (await RunAsync("listings", "import", listingId, await OpenApiFileAsync("1.0.0", "/tides"))).Exit);
        static Guid Plan(CliRun run) => JsonDocument.Parse(run.Out).RootElement.GetProperty("planId").GetGuid();
        var free = Plan(await RunAsync("plans", "create", listingId, "--name", "Free", "--json"));
        var pro = Plan(await RunAsync("plans", "create", listingId, "--name", "Pro", "--price", "19.50", "--overage-per-1000", "0.5", "--json"));
        var old = Plan(await RunAsync("plans", "create", listingId, "--name", "Old", "--price", "5", "--json"));
        Assert.Equal(ExitCodes.Ok, (await RunAsync("listings", "submit", listingId)).Exit);
        await AsAdminAsync((moderation, admin) => moderation.ApproveAsync(admin, Guid.Parse(listingId), CancellationToken.None));
        Assert.Equal(ExitCodes.Ok, (await RunAsync("plans", "retire", old.ToString())).Exit);
        return (free, pro, old);
    }

    private async Task<string> OpenApiFileAsync(string version, params string[] paths)
    {
        Directory.CreateDirectory(configFolder);
        var file = Path.Combine(configFolder, $"openapi-{Guid.NewGuid():N}.json");
        var operations = string.Join(",", paths.Select(p => $$"""
            "{{p}}": { "get": { "summary": "Read {{p}}", "responses": { "200": { "description": "OK" } } } }
            """));
        await File.WriteAllTextAsync(file, $$"""{ "openapi": "3.0.3", "info": { "title": "Tides", "version": "{{version}}" }, "paths": { {{operations}} } }""");
        return file;
    }

    private async Task AsAdminAsync(Func<ListingModerationService, string, Task> decide)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var email = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Admin).Email;
        var admin = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
        await decide(scope.ServiceProvider.GetRequiredService<ListingModerationService>(), admin);
    }

    private async Task LogInAsProviderAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var email = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Provider).Email;
        var provider = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
        var providerOrganization = (await scope.ServiceProvider.GetRequiredService<OrganizationService>().GetCurrentAsync(provider, CancellationToken.None))!.OrganizationId;
        var providerToken = (await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>()
            .CreateAsync(provider, $"cli publishing {Guid.NewGuid():N}", TokenScopes.Write, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None)).Secret;
        var run = await RunAsync("login", "--token", providerToken, "--url", "http://localhost", "--org", providerOrganization.ToString());
        Assert.True(run.Exit == ExitCodes.Ok, run.Error);
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
