using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace TrustVault.E2E.Infrastructure;

/// <summary>The real app, started from its build output on a free port, on a database file of its own or on shared stores.</summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string? databasePath;
    private readonly StringBuilder log = new();

    private AppServer(Process process, string? databasePath, Uri baseAddress)
    {
        this.process = process;
        this.databasePath = databasePath;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string DatabasePath => databasePath ?? throw new InvalidOperationException("This node runs on a database server, not a file.");

    /// <param name="existingDatabase">Start on this database file (as after a crash) instead of a new one.</param>
    /// <param name="settings">More configuration, as environment variables (<c>Jobs__RunServer</c>).</param>
    public static Task<AppServer> StartAsync(string? existingDatabase = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var databasePath = existingDatabase ?? Path.Combine(Path.GetTempPath(), $"trustvault-e2e-{Guid.NewGuid():N}.db");
        var all = new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = $"Data Source={databasePath}",
            // Beside the database, so that a node restarted on it (as after a crash) imports what the last one journaled.
            ["Metering__JournalDirectory"] = JournalDirectory(databasePath),
            ["Database__MigrateOnStart"] = "true",
            // The demo seed gives the admin.
            ["Seed__DemoData"] = "true",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        return StartAsync(all, databasePath);
    }

    /// <summary>
    /// One node of several: <paramref name="settings"/> is its whole configuration besides the environment (names as
    /// environment variables, e.g. <c>Database__Provider</c>); the stores it names belong to the caller.
    /// </summary>
    public static Task<AppServer> StartNodeAsync(IReadOnlyDictionary<string, string> settings) => StartAsync(settings, null);

    private static async Task<AppServer> StartAsync(IReadOnlyDictionary<string, string> settings, string? databasePath)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var webProject = Path.Combine(SolutionRoot(), "src", "TrustVault.Web");
        var configuration = typeof(AppServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "TrustVault.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the web app first ({configuration}).", dll);
        }

        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseAddress.ToString()])
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Development: static web assets are served from the build output as with `dotnet run`.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var server = new AppServer(process, databasePath, baseAddress);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Generous: a first node migrates, seeds and installs Hangfire's tables, which took over 90 s on a loaded CI machine.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer the probe within its 5 s: ask again until the deadline.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The app was not ready within 180 s:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string SolutionRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TrustVault.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("TrustVault.sln not found above the test output.");
    }

    /// <summary>
    /// Leaves the app's log where the test run asked (TRUSTVAULT_E2E_LOGS, set by test.sh), so that a journey that failed
    /// on CI can be read together with what the server did at the time.
    /// </summary>
    private async Task KeepLogAsync()
    {
        var directory = Environment.GetEnvironmentVariable("TRUSTVAULT_E2E_LOGS");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, $"app-{BaseAddress.Port}.log"), Log);
    }

    /// <summary>Ends the app with SIGKILL: no shutdown code runs, as in a crash. The database (and Hangfire's file beside it) stays.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        await KeepLogAsync();
        if (databasePath is not null)
        {
            // The app keeps Hangfire's jobs in a file beside the database: trustvault.db, trustvault.hangfire.db.
            foreach (var file in new[] { databasePath, Path.ChangeExtension(databasePath, ".hangfire.db") }.SelectMany(d => new[] { d, d + "-wal", d + "-shm" }))
            {
                File.Delete(file);
            }

            if (Directory.Exists(JournalDirectory(databasePath)))
            {
                Directory.Delete(JournalDirectory(databasePath), recursive: true);
            }
        }
    }

    private static string JournalDirectory(string databasePath) => databasePath + ".journal";
}
