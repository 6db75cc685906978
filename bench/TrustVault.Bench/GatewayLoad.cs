using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
/// Both proxies run in their own process (the bare one is this program started with <c>bare-forward</c>) with
/// the same upstream connection settings, so the two differ only by what the gateway does per call.
/// </summary>
internal static class GatewayLoad
{
    private const string Key = "tv_live_benchkey2026_BenchmarkKeyNotASecretAtAll-0123456789";
    private const int Warmup = 200_000;

    /// <param name="stores">The app's stores to run on, one after the other (<see cref="GatewayStore.Sqlite"/>, <see cref="GatewayStore.Postgres"/>).</param>
    /// <param name="requests">Requests per target in the closed-loop run (each caller sends its next request when the last is answered).</param>
    /// <param name="rounds">The targets take turns, a share of the requests each round, so that load from other work on the machine falls on both alike.</param>
    /// <param name="rate">Requests per second of the second, open-loop run (requests sent on a fixed schedule, as independent clients do).</param>
    /// <param name="paced">Requests per target in the open-loop run.</param>
    /// <param name="upstreamMilliseconds">
    /// How long the upstream takes to answer. Zero measures the proxies alone; a real API's own work (its database, its
    /// computation) puts the gateway's cost in proportion.
    /// </param>
    public static async Task RunAsync(IReadOnlyList<string> stores, int requests, int concurrency, int rounds, int rate, int paced, int upstreamMilliseconds)
    {
        foreach (var name in stores)
        {
            await using var store = await GatewayStore.StartAsync(name);
            await RunAsync(store, requests, concurrency, rounds, rate, paced, upstreamMilliseconds);
        }
    }

    private static async Task RunAsync(GatewayStore store, int requests, int concurrency, int rounds, int rate, int paced, int upstreamMilliseconds)
    {
        await using var upstream = await StartAsync(app => app.MapGet("/{**path}", async () =>
        {
            if (upstreamMilliseconds > 0)
            {
                await Task.Delay(upstreamMilliseconds);
            }

            return Results.Json(new { ok = true });
        }));
        var upstreamBase = Address(upstream);
        var bareAddress = $"http://127.0.0.1:{ListenPort()}";
        var children = new List<ChildProcess>();
        try
        {
            var bareForward = await StartProcessAsync(
                [typeof(GatewayLoad).Assembly.Location, "bare-forward", upstreamBase, bareAddress], AppContext.BaseDirectory, [], bareAddress, "/ready");
            children.Add(bareForward);
            var trustVault = await StartTrustVaultAsync(store);
            children.Add(trustVault);
            var slug = await ArrangeListingAsync(store, upstreamBase);
            var bare = new Target($"{bareAddress}/ping", null, concurrency, bareForward.Process, Heap.BareForwardAsync(bareAddress));
            var gateway = new Target($"{trustVault.Address}/gw/{slug}/ping", Key, concurrency, trustVault.Process, Heap.TrustVaultAsync(trustVault.Address));

            // Until both run steady-state code: tiered compilation keeps optimising the app's much larger code for a hundred
            // thousand calls and more (after 50,000 its thread still took 3 µs per call in the first measured seconds), and
            // measured earlier the gateway's first rounds would count the JIT's work as its own.
            var bareHeap = await bare.HeapAsync();
            await bare.MeasureAsync(Warmup);
            var gatewayHeap = await gateway.HeapAsync();
            await gateway.MeasureAsync(Warmup);
            Console.WriteLine($"allocated per request over the {Warmup:N0} warm-up calls (closed loop): bare forward {await bare.KilobytesSinceAsync(bareHeap):0.0} KB, gateway {await gateway.KilobytesSinceAsync(gatewayHeap):0.0} KB");
            Console.WriteLine();
            bare.Reset();
            gateway.Reset();
            for (var round = 0; round < rounds; round++)
            {
                await bare.MeasureAsync(requests / rounds);
                await gateway.MeasureAsync(requests / rounds);
            }

            Report($"gateway overhead on {store.Name}, closed loop: {bare.Count:N0} requests per target in {rounds} alternating rounds, {concurrency} concurrent callers, upstream answering in {upstreamMilliseconds} ms, loopback", bare.Result(), gateway.Result());

            bare.Reset();
            gateway.Reset();
            for (var round = 0; round < rounds; round++)
            {
                await bare.MeasurePacedAsync(paced / rounds, rate);
                await gateway.MeasurePacedAsync(paced / rounds, rate);
            }

            Report($"gateway overhead on {store.Name}, open loop: {bare.Count:N0} requests per target at {rate:N0} requests/s in {rounds} alternating rounds, upstream answering in {upstreamMilliseconds} ms, latency from each request's scheduled start, loopback", bare.Result(), gateway.Result());
        }
        finally
        {
            foreach (var child in children)
            {
                child.Process.Kill(entireProcessTree: true);
                await child.Process.WaitForExitAsync();
                child.Dispose();
            }
        }
    }

    private static void Report(string title, Result a, Result b)
    {
        Console.WriteLine(title);
        Console.WriteLine("| target | p50 | p99 | requests/s | proxy CPU per request | proxy thread sleeps per request | proxy gen0 collections per 1,000 requests | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(a.Row("(a) bare YARP forward"));
        Console.WriteLine(b.Row("(b) TrustVault gateway"));
        Console.WriteLine($"p99 ratio (b/a): {b.P99 / a.P99:0.00}; p50 ratio: {b.P50 / a.P50:0.00}; throughput ratio: {b.Rps / a.Rps:0.00}; CPU ratio: {b.CpuPerRequest / a.CpuPerRequest:0.00}");
        Console.WriteLine();
    }

    /// <summary>
    /// The reference proxy: YARP's forwarder alone, with the upstream connection settings of the platform's EgressClient
    /// (no proxy, no redirects, no decompression, no cookies, its own connect step with Nagle off) and the same activity timeout.
    /// </summary>
    public static async Task RunBareForwarderAsync(string upstreamBase, string address)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address);
        builder.Services.AddHttpForwarder();
        await using var app = builder.Build();
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        });
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) };
        app.MapGet("/ready", () => Results.Ok());
        app.MapGet(Heap.BarePath, () => Results.Text(Heap.Format(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0))));
        app.Map("/{**path}", async (HttpContext context) => await forwarder.SendAsync(context, upstreamBase, invoker, config));
        await app.RunAsync();
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <param name="CpuPerRequest">CPU time (user and system) of the proxy's process per request, in microseconds.</param>
    /// <param name="SleepsPerRequest">
    /// Times the proxy's threads went to sleep per request, each woken again later: at a low request rate a wakeup costs
    /// more CPU than the work it hands over (the runtime spins a little before each sleep), and unlike CPU time the count
    /// hardly moves with the machine's other load.
    /// </param>
    /// <param name="CollectionsPerThousand">
    /// The proxy's gen0 collections per 1,000 requests: each stops all of its threads, and on busy cores the wait for them
    /// to stop is most of the pause.
    /// </param>
    private sealed record Result(double P50, double P99, double Rps, double CpuPerRequest, double SleepsPerRequest, double CollectionsPerThousand, int Errors)
    {
        public string Row(string name) =>
            $"| {name} | {P50:0.00} ms | {P99:0.00} ms | {Rps:N0} | {CpuPerRequest:0} µs | {SleepsPerRequest:0.0} | {CollectionsPerThousand:0.00} | {Errors} |";
    }

    /// <summary>
    /// One proxy under load: one client with a connection per concurrent caller, latencies and the proxy process's CPU
    /// time gathered over the rounds.
    /// </summary>
    private sealed class Target(string url, string? key, int concurrency, Process proxy, Func<Task<Heap>> heap)
    {
        private readonly HttpClient client = Client(key, concurrency);
        private readonly List<double> latencies = [];
        private TimeSpan elapsed;
        private TimeSpan cpu;
        private long sleeps;
        private long collections;
        private int errors;

        public int Count => latencies.Count;

        public Task<Heap> HeapAsync() => heap();

        /// <summary>
        /// Bytes allocated per request since <paramref name="before"/>, over the requests measured since. Only over a long
        /// phase: the runtime's approximate total moves in steps, and around a single round it sometimes did not move at all.
        /// </summary>
        public async Task<double> KilobytesSinceAsync(Heap before) => ((await heap()).Bytes - before.Bytes) / 1024.0 / latencies.Count;

        public void Reset()
        {
            latencies.Clear();
            elapsed = TimeSpan.Zero;
            cpu = TimeSpan.Zero;
            sleeps = 0;
            collections = 0;
            errors = 0;
        }

        public async Task MeasureAsync(int requests)
        {
            var round = new double[requests];
            var next = -1;
            var heapBefore = await heap();
            var cpuBefore = ProxyCpu();
            var sleepsBefore = ProxySleeps();
            var total = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    round[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            })));
            elapsed += total.Elapsed;
            cpu += ProxyCpu() - cpuBefore;
            sleeps += ProxySleeps() - sleepsBefore;
            collections += (await heap()).Gen0Collections - heapBefore.Gen0Collections;
            latencies.AddRange(round);
        }

        /// <summary>
        /// Sends <paramref name="requests"/> on a fixed schedule of <paramref name="rate"/> per second whatever the answers
        /// take, and times each from its scheduled start, so a slow answer also counts against the requests queued behind it.
        /// A thread of its own sleeps until each start (<see cref="Pacer"/>): awaiting Task.Delay(1) between sends, as
        /// this bench first did, woke a millisecond or two late and put that lag into every latency of both targets.
        /// </summary>
        public async Task MeasurePacedAsync(int requests, int rate)
        {
            var round = new double[requests];
            var calls = new Task[requests];
            var heapBefore = await heap();
            var cpuBefore = ProxyCpu();
            var sleepsBefore = ProxySleeps();
            var start = Stopwatch.GetTimestamp();
            await Pacer.RunAsync(requests, rate, start, (index, scheduled) => calls[index] = CallAsync(round, index, scheduled));
            await Task.WhenAll(calls);
            elapsed += Stopwatch.GetElapsedTime(start);
            cpu += ProxyCpu() - cpuBefore;
            sleeps += ProxySleeps() - sleepsBefore;
            collections += (await heap()).Gen0Collections - heapBefore.Gen0Collections;
            latencies.AddRange(round);
        }

        private async Task CallAsync(double[] round, int index, long scheduled)
        {
            using var response = await client.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            round[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref errors);
            }
        }

        public Result Result()
        {
            var sorted = latencies.Order().ToArray();
            return new Result(
                sorted[(int)(sorted.Length * 0.50)],
                sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))],
                sorted.Length / elapsed.TotalSeconds,
                cpu.TotalMicroseconds / sorted.Length,
                (double)sleeps / sorted.Length,
                collections * 1000.0 / sorted.Length,
                errors);
        }

        private TimeSpan ProxyCpu()
        {
            proxy.Refresh();
            return proxy.TotalProcessorTime;
        }

        /// <summary>
        /// Voluntary context switches summed over the proxy's live threads, from /proc (Linux); preemptions are left out,
        /// as they count the machine's other load rather than the proxy's work.
        /// </summary>
        private long ProxySleeps()
        {
            const string Voluntary = "voluntary_ctxt_switches:";
            long total = 0;
            foreach (var thread in Directory.EnumerateDirectories($"/proc/{proxy.Id}/task"))
            {
                try
                {
                    total += File.ReadLines(Path.Combine(thread, "status"))
                        .Where(line => line.StartsWith(Voluntary, StringComparison.Ordinal))
                        .Sum(line => long.Parse(line[Voluntary.Length..], CultureInfo.InvariantCulture));
                }
                catch (IOException)
                {
                    // The thread ended between the listing and the read.
                }
            }

            return total;
        }

        private static HttpClient Client(string? key, int concurrency)
        {
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false });
            client.Timeout = TimeSpan.FromSeconds(30);
            if (key is not null)
            {
                client.DefaultRequestHeaders.Add("X-Api-Key", key);
            }

            return client;
        }
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

    /// <summary>
    /// A port for a child proxy, below Linux's ephemeral range (32768 and up) where the load's own client connections take
    /// theirs, so that a child's bind cannot fail on a port one of them holds.
    /// </summary>
    private static int ListenPort() => Random.Shared.Next(10_000, 32_000);

    internal sealed record ChildProcess(Process Process, string Address) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }

    /// <summary>TrustVault from the Release build on a loopback port, with the demo data seeded into <paramref name="store"/>.</summary>
    /// <param name="settings">Settings that replace the bench's own (environment variable names).</param>
    internal static Task<ChildProcess> StartTrustVaultAsync(GatewayStore store, IReadOnlyDictionary<string, string>? settings = null)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "TrustVault.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("TrustVault.sln not found.");
        }

        var web = Path.Combine(root, "src", "TrustVault.Web");
        var address = $"http://127.0.0.1:{ListenPort()}";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__MigrateOnStart"] = "true",
            ["Seed__DemoData"] = "true",
            ["Gateway__AllowPrivateUpstreams"] = "true",
            ["Gateway__RequireHttps"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // Production refuses to start without a mail transport; the bench sends no mail.
            ["Email__Disabled"] = "true",
            // The bench calls over loopback http, which Production refuses on the gateway unless told otherwise.
            ["Transport__RequireHttpsOnApis"] = "false",
            // Run from the build output as a published app runs: without the static-asset hot reload that a build
            // manifest turns on, whose catch-all route checks the disk for a file on every request, /gw calls included.
            ["ReloadStaticAssetsAtRuntime"] = "false",
        };
        foreach (var (name, value) in store.AppSettings.Concat(settings ?? new Dictionary<string, string>()))
        {
            environment[name] = value;
        }

        return StartProcessAsync([Path.Combine(web, "bin", "Release", "net10.0", "TrustVault.Web.dll"), "--urls", address], web, environment, address, "/health/ready");
    }

    private static async Task<ChildProcess> StartProcessAsync(string[] arguments, string directory, Dictionary<string, string> environment, string address, string readyPath)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{arguments[0]} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient();
        // PostgreSQL's migration, seed and Hangfire's schema take over a minute on a loaded machine.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync($"{address}{readyPath}")).IsSuccessStatusCode)
                {
                    return new ChildProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{arguments[0]} was not ready in 3 minutes (build the solution in Release first).");
    }

    /// <summary>A published listing on the local upstream, a roomy plan, the demo customer subscribed, and the bench key.</summary>
    private static async Task<string> ArrangeListingAsync(GatewayStore store, string upstreamBase)
    {
        await using var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTrustVaultCore(store.Database, Path.GetTempPath())
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
            // Far above what loopback on this machine can send: no bench call is refused (at 10,000/s the fastest runs were).
            RateLimitPerSecond = 1_000_000,
            RateLimitPerMinute = 60_000_000,
        };
        listing.Plans.Add(plan);
        db.Listings.Add(listing);
        db.Subscriptions.Add(new Subscription { OrganizationId = customer, ListingId = listing.Id, PlanId = plan.Id, StartedAt = DateTimeOffset.UtcNow });
        ApiKeyFormat.TryParse(Key, out _, out var keyId, out var secret);
        db.ApiKeys.Add(new ApiKey { OrganizationId = customer, Name = "bench", KeyId = keyId, SecretHash = ApiKeyFormat.Hash(secret.Span) });
        await db.SaveChangesAsync();
        return listing.Slug;
    }
}
