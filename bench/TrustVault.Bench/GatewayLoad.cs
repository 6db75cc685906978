using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustVault.Core;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Keys;
using TrustVault.Core.Subscriptions;
using Yarp.ReverseProxy.Forwarder;

namespace TrustVault.Bench;

/// <summary>
/// Gateway overhead on loopback: the same load against (a) a bare YARP forward to a local upstream and
/// (b) the full TrustVault gateway (key, subscription, rate limit, quota, signature, durable metering)
/// to the same upstream. Bounded in count; reports p50/p99 latency, requests/s and the p99 ratio.
/// </summary>
internal static class GatewayLoad
{
    private const string Key = "tv_live_benchkey2026_BenchmarkKeyNotASecretAtAll-0123456789";

    public static async Task RunAsync(int requests, int concurrency)
    {
        await using var upstream = await StartAsync(app => app.MapGet("/{**path}", () => Results.Json(new { ok = true })));
        var upstreamBase = Address(upstream);
        await using var bare = await StartAsync(app =>
        {
            var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
            var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
            app.Map("/{**path}", async (HttpContext context) => await forwarder.SendAsync(context, upstreamBase, invoker));
        });

        var database = Path.Combine(Path.GetTempPath(), $"trustvault-bench-{Guid.NewGuid():N}.db");
        using var trustVault = await StartTrustVaultAsync(database);
        try
        {
            var slug = await ArrangeListingAsync(database, upstreamBase);
            var bareUrl = $"{Address(bare)}/ping";
            var gatewayUrl = $"{trustVault.Address}/gw/{slug}/ping";

            await MeasureAsync(bareUrl, null, 2_000, concurrency);
            await MeasureAsync(gatewayUrl, Key, 2_000, concurrency);
            var a = await MeasureAsync(bareUrl, null, requests, concurrency);
            var b = await MeasureAsync(gatewayUrl, Key, requests, concurrency);

            Console.WriteLine($"gateway overhead: {requests:N0} requests per target, {concurrency} concurrent, loopback");
            Console.WriteLine("| target | p50 | p99 | requests/s | errors |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine(a.Row("(a) bare YARP forward"));
            Console.WriteLine(b.Row("(b) TrustVault gateway"));
            Console.WriteLine($"p99 ratio (b/a): {b.P99 / a.P99:0.00}; p50 ratio: {b.P50 / a.P50:0.00}; throughput ratio: {b.Rps / a.Rps:0.00}");
        }
        finally
        {
            trustVault.Process.Kill(entireProcessTree: true);
            await trustVault.Process.WaitForExitAsync();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private sealed record Result(double P50, double P99, double Rps, int Errors)
    {
        public string Row(string name) => $"| {name} | {P50:0.00} ms | {P99:0.00} ms | {Rps:N0} | {Errors} |";
    }

    private static async Task<Result> MeasureAsync(string url, string? key, int requests, int concurrency)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var latencies = new double[requests];
        var next = -1;
        var errors = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var elapsed = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Result(latencies[(int)(requests * 0.50)], latencies[Math.Min(requests - 1, (int)(requests * 0.99))], requests / elapsed, errors);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private sealed record TrustVaultProcess(Process Process, string Address) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }

    private static async Task<TrustVaultProcess> StartTrustVaultAsync(string database)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "TrustVault.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("TrustVault.sln not found.");
        }

        var web = Path.Combine(root, "src", "TrustVault.Web");
        var port = Random.Shared.Next(20_000, 40_000);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(web, "bin", "Release", "net10.0", "TrustVault.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__ConnectionString"] = $"Data Source={database}";
        start.Environment["Database__MigrateOnStart"] = "true";
        start.Environment["Seed__DemoData"] = "true";
        start.Environment["Gateway__AllowPrivateUpstreams"] = "true";
        start.Environment["Gateway__RequireHttps"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("TrustVault did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = $"http://127.0.0.1:{port}";
        using var probe = new HttpClient();
        for (var attempt = 0; attempt < 240; attempt++)
        {
            try
            {
                if ((await probe.GetAsync($"{address}/health/ready")).IsSuccessStatusCode)
                {
                    return new TrustVaultProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("TrustVault was not ready in 60 s (build it in Release first).");
    }

    /// <summary>A published listing on the local upstream, a roomy plan, the demo customer subscribed, and the bench key.</summary>
    private static async Task<string> ArrangeListingAsync(string database, string upstreamBase)
    {
        await using var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTrustVaultCore(new DatabaseOptions { ConnectionString = $"Data Source={database}" }, Path.GetTempPath())
            .BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var provider = await db.Organizations.Where(o => o.Name == "Acme APIs").Select(o => o.Id).SingleAsync();
        var customer = await db.Organizations.Where(o => o.Name == "Globex Analytics").Select(o => o.Id).SingleAsync();
        var listing = new Listing
        {
            OrganizationId = provider,
            Name = "Bench",
            Slug = "bench-upstream",
            Summary = "Load target",
            Category = "Developer Tools",
            UpstreamBaseUrl = upstreamBase,
            Status = ListingStatus.Published,
            PublishedAt = DateTimeOffset.UtcNow,
        };
        var plan = new Plan
        {
            Name = "Unlimited",
            MonthlyPrice = 0,
            IncludedCallsPerMonth = 1_000_000_000,
            OveragePricePer1000 = 0,
            RateLimitPerSecond = 10_000,
            RateLimitPerMinute = 600_000,
        };
        listing.Plans.Add(plan);
        db.Listings.Add(listing);
        db.Subscriptions.Add(new Subscription { OrganizationId = customer, ListingId = listing.Id, PlanId = plan.Id, StartedAt = DateTimeOffset.UtcNow });
        ApiKeyFormat.TryParse(Key, out _, out var keyId, out var secret);
        db.ApiKeys.Add(new ApiKey { OrganizationId = customer, Name = "bench", KeyId = keyId, SecretHash = ApiKeyFormat.Hash(secret) });
        await db.SaveChangesAsync();
        return listing.Slug;
    }
}
