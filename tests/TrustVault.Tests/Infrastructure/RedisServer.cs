using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TrustVault.Tests.Infrastructure;

/// <summary>
/// A redis-server of the caller's own on a free loopback port, killed when disposed (or when the test process exits)
/// whatever happened. Tests stop and start it again on the same port to play an outage. The browser tests compile this
/// file too (linked), for their two-node cluster.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string? directory;
    private Process? process;

    /// <summary>Without persistence: a restart forgets every key.</summary>
    public RedisServer()
    {
    }

    private RedisServer(string directory) => this.directory = directory;

    public int Port { get; } = FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>
    /// One that writes every change to an append-only file in a folder of its own, as a production Redis would, so that
    /// a stop and start keeps what the nodes share (the Data Protection key ring above all).
    /// </summary>
    public static RedisServer Persistent() => new(Directory.CreateTempSubdirectory("trustvault-redis-").FullName);

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        string[] persistence = directory is null
            ? ["--save", "", "--appendonly", "no"]
            : ["--dir", directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always"];
        var server = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", .. persistence])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start; ./test.sh installs it.");
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        process = server;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{Configuration},connectTimeout=1000");
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Kills the server: every connection drops at once, as when Redis crashes. A persistent one keeps what it wrote.</summary>
    public async Task StopAsync()
    {
        if (process is { } server)
        {
            AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
            server.Kill();
            await server.WaitForExitAsync();
            server.Dispose();
            process = null;
        }
    }

    /// <summary>Forgets every key, as a Redis restarted without persistence would.</summary>
    public async Task FlushAllAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{Configuration},allowAdmin=true");
        await connection.GetServers()[0].FlushAllDatabasesAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void KillOnExit(object? sender, EventArgs e) => process?.Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
