using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace TrustVault.Bench;

/// <summary>
/// A PostgreSQL cluster of the bench's own, started as ./test.sh starts the tests' one: a temp folder, a free loopback port,
/// a random password, as the postgres user when run as root (PostgreSQL refuses root), default settings otherwise. Stopped
/// and deleted when disposed, or when the bench exits on Ctrl+C.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string directory;
    private bool started;

    private ThrowawayPostgres(string bin, string directory, int port, string password)
    {
        this.bin = bin;
        this.directory = directory;
        Server = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Password = password }.ToString();
    }

    /// <summary>The server's connection string, without a database.</summary>
    public string Server { get; }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var initdb = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(version => Path.Combine(version, "bin", "initdb"))
            .Where(File.Exists)
            .OrderBy(path => int.Parse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)))!, CultureInfo.InvariantCulture))
            .LastOrDefault() ?? throw new InvalidOperationException("No /usr/lib/postgresql/*/bin/initdb: ./test.sh installs Debian's postgresql.");
        var cluster = new ThrowawayPostgres(
            Path.GetDirectoryName(initdb)!, Directory.CreateTempSubdirectory("trustvault-bench-pg-").FullName, FreePort(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        try
        {
            await cluster.StartClusterAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartClusterAsync()
    {
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres", directory);
        }

        var passwordFile = Path.Combine(directory, "password");
        await File.WriteAllTextAsync(passwordFile, new NpgsqlConnectionStringBuilder(Server).Password + "\n");
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres", passwordFile);
        }

        await RunAsPostgresAsync(Path.Combine(bin, "initdb"), "-D", Data, "-U", "postgres", $"--pwfile={passwordFile}", "-A", "scram-sha-256", "--no-sync");
        File.Delete(passwordFile);
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        started = true;
        await RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(directory, "postgres.log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -p {new NpgsqlConnectionStringBuilder(Server).Port} -k {directory} -c max_connections=300", "start");
    }

    private string Data => Path.Combine(directory, "data");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (started)
        {
            AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
            await RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", Data, "-m", "immediate", "-w", "stop");
            started = false;
        }

        Directory.Delete(directory, recursive: true);
    }

    private void StopOnExit(object? sender, EventArgs e) => Process.Start(Command(Path.Combine(bin, "pg_ctl"), "-D", Data, "-m", "immediate", "stop"))?.WaitForExit();

    private static ProcessStartInfo Command(string program, params string[] arguments) =>
        Environment.IsPrivilegedProcess ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments]) : new ProcessStartInfo(program, arguments);

    private static Task RunAsPostgresAsync(string program, params string[] arguments) => RunAsync(Command(program, arguments));

    private static Task RunAsync(string program, params string[] arguments) => RunAsync(new ProcessStartInfo(program, arguments));

    private static async Task RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await errors}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
