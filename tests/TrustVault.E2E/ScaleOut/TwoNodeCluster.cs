using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrustVault.Core;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.E2E.Infrastructure;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.E2E.ScaleOut;

/// <summary>What a gateway call came back with: the status, the problem's title when refused, and which call it was.</summary>
public sealed record CallResult(HttpStatusCode Status, string? Title, string? RequestId)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;
}

/// <summary>A subscription of its own for one test: a new organization of the demo customer, its plan and its key.</summary>
public sealed record NodeSubscription(Guid OrganizationId, Guid SubscriptionId, Guid KeyId, string Key);

/// <summary>
/// Two app processes on one PostgreSQL database and one Redis server, as two instances behind a load balancer. The
/// first node migrates and seeds the demo data; the second only serves. Core's services on the same database arrange
/// each test's subscription and read what the nodes stored. Everything started here is stopped again in
/// <see cref="DisposeAsync"/>, whatever happened.
/// </summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    // The first-party API whose ping needs no upstream; the tests put their own plans on it.
    private const string Listing = "ai-analytics";

    private readonly Stack<Func<ValueTask>> cleanup = new();
    private readonly Dictionary<Uri, HttpClient> clients = [];
    private readonly string journalDirectory = Path.Combine(Path.GetTempPath(), $"trustvault-e2e-journal-{Guid.NewGuid():N}");
    private PostgresTestDatabase database = null!;
    private ServiceProvider core = null!;
    private IBrowser? browser;

    public AppServer NodeA { get; private set; } = null!;

    public AppServer NodeB { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public static string CustomerEmail => DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer).Email;

    public static string CustomerPassword => DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer).Password;

    public async Task InitializeAsync()
    {
        try
        {
            // Last to go: the nodes' journals, which the kills at the end leave behind.
            cleanup.Push(() =>
            {
                if (Directory.Exists(journalDirectory))
                {
                    Directory.Delete(journalDirectory, recursive: true);
                }

                return ValueTask.CompletedTask;
            });
            database = new PostgresTestDatabase();
            cleanup.Push(database.DropAsync);
            Redis = RedisServer.Persistent();
            cleanup.Push(async () => await Redis.DisposeAsync());
            await Redis.StartAsync();

            // Migrations and the demo seed once, on the first node; the second starts on what the first made.
            NodeA = await StartNodeAsync(migrateAndSeed: true);
            NodeB = await StartNodeAsync();

            var services = new ServiceCollection().AddLogging();
            services.AddTrustVaultCore(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString }, Path.GetTempPath());
            core = services.BuildServiceProvider(validateScopes: true);
            cleanup.Push(core.DisposeAsync);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Another node on the same stores; it is stopped with the cluster unless the caller stops it first.</summary>
    public async Task<AppServer> StartNodeAsync(bool migrateAndSeed = false)
    {
        var node = await AppServer.StartNodeAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Database__MigrateOnStart"] = migrateAndSeed ? "true" : "false",
            ["Seed__DemoData"] = migrateAndSeed ? "true" : "false",
            ["Redis__Configuration"] = Redis.Configuration,
            // One volume for the nodes' usage journals, so a node recovers what a killed one journaled.
            ["Metering__JournalDirectory"] = journalDirectory,
        });
        cleanup.Push(node.DisposeAsync);
        return node;
    }

    /// <summary>A new organization of the demo customer on a plan of the first-party API with these terms, and a live key.</summary>
    public async Task<NodeSubscription> SubscribeAsync(long includedCalls, int perSecond, int perMinute)
    {
        await using var scope = core.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var customer = await CustomerIdAsync();
        var organization = await services.GetRequiredService<OrganizationService>().CreateAsync(customer, $"Node test {Guid.NewGuid():N}"[..20], CancellationToken.None);
        Guid subscriptionId;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var listing = await db.Listings.AsNoTracking().SingleAsync(l => l.Slug == Listing);
            // Free and hidden: nobody else sees it, and a free plan needs no card. No overage price: a hard cap.
            var plan = new Plan
            {
                ListingId = listing.Id,
                Name = "Two nodes",
                IncludedCallsPerMonth = includedCalls,
                RateLimitPerSecond = perSecond,
                RateLimitPerMinute = perMinute,
                IsVisible = false,
            };
            db.Plans.Add(plan);
            var subscription = Subscription.Start(organization, plan, TimeProvider.System.GetUtcNow(), SubscriptionStatus.Active);
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
            subscriptionId = subscription.Id;
        }

        var key = await services.GetRequiredService<ApiKeyService>().CreateAsync(customer, organization, "two nodes", null, false, CancellationToken.None);
        return new NodeSubscription(organization, subscriptionId, key.Key.Id, key.Secret);
    }

    /// <summary>The first-party API's ping through <paramref name="node"/>'s gateway with <paramref name="key"/>.</summary>
    public async Task<CallResult> CallAsync(AppServer node, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/gw/{Listing}/v1/ping");
        request.Headers.Add("X-Api-Key", key);
        using var response = await Client(node).SendAsync(request);
        var title = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? (await response.Content.ReadFromJsonAsync<Problem>())?.Title
            : null;
        var requestId = response.Headers.TryGetValues("X-TrustVault-Request-Id", out var ids) ? ids.Single() : null;
        return new CallResult(response.StatusCode, title, requestId);
    }

    /// <summary><paramref name="count"/> calls, spread evenly over <paramref name="nodes"/>, up to <paramref name="parallel"/> at a time.</summary>
    public async Task<List<CallResult>> CallManyAsync(IReadOnlyList<AppServer> nodes, string key, int count, int parallel)
    {
        var results = new CallResult[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (call, _) => results[call] = await CallAsync(nodes[call % nodes.Count], key));
        return [.. results];
    }

    /// <summary>The platform API on <paramref name="node"/>, as the demo customer with the public demo token.</summary>
    public HttpClient PlatformClient(AppServer node)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", DemoSeedOptions.CustomerPersonalAccessToken);
        return client;
    }

    /// <summary>What /health/ready says on <paramref name="node"/>: Healthy, Degraded or Unhealthy.</summary>
    public async Task<string> ReadinessAsync(AppServer node) => await Client(node).GetStringAsync("/health/ready");

    /// <summary>Waits (generously: CI machines are loaded) until <paramref name="node"/>'s readiness says <paramref name="status"/>.</summary>
    public async Task WaitForReadinessAsync(AppServer node, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last;
        while ((last = await ReadinessAsync(node)) != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{node.BaseAddress}/health/ready still says {last}, not {status}, after 60 s.");
            await Task.Delay(100);
        }
    }

    public IDbContextFactory<TrustVaultDbContext> Contexts => core.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>();

    /// <summary>The request ids of the calls stored for <paramref name="subscription"/>, and how many of them count on the invoice.</summary>
    public async Task<(HashSet<string> RequestIds, int Billable)> StoredCallsAsync(NodeSubscription subscription)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var events = db.UsageEvents.AsNoTracking().ForOrganization(subscription.OrganizationId).Where(e => e.SubscriptionId == subscription.SubscriptionId);
        var ids = await events.Select(e => e.RequestId).ToListAsync();
        return ([.. ids], await events.Where(UsageEvent.Billable).CountAsync());
    }

    /// <summary>
    /// Waits until every call of <paramref name="results"/> that was answered 2xx has its usage event stored: the nodes
    /// journal an event before they answer and import it into the database a moment later (docs/decisions/0035).
    /// </summary>
    public Task WaitForStoredCallsAsync(IEnumerable<CallResult> results) =>
        UsageStore.WaitForEventsAsync(Contexts, [.. results.Where(r => r.Succeeded).Select(r => r.RequestId!).Distinct()]);

    /// <summary>A browser context of its own (own cookies); cookies are per host, not per port, so it carries a login to every node.</summary>
    public async Task<IBrowserContext> NewBrowserContextAsync()
    {
        if (browser is null)
        {
            var playwright = await Playwright.CreateAsync();
            cleanup.Push(() =>
            {
                playwright.Dispose();
                return ValueTask.CompletedTask;
            });
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
                Headless = true,
                Args = BrowserFixture.ChromiumArgs,
            });
            cleanup.Push(browser.DisposeAsync);
        }

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = NodeA.BaseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        clients.Clear();
        var failures = new List<Exception>();
        while (cleanup.TryPop(out var step))
        {
            try
            {
                await step();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Stopping the two-node cluster failed.", failures);
        }
    }

    private HttpClient Client(AppServer node)
    {
        lock (clients)
        {
            if (!clients.TryGetValue(node.BaseAddress, out var client))
            {
                client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                clients[node.BaseAddress] = client;
            }

            return client;
        }
    }

    private async Task<string> CustomerIdAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == CustomerEmail).Select(u => u.Id).SingleAsync();
    }

    private sealed record Problem(string? Title);
}
