using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TrustVault.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test class's own on a free loopback port, without persistence, killed when the class is done
/// (or the test process exits) whatever happened. Tests stop and start it again on the same port to play an outage.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? process;

    public int Port { get; } = FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        var server = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
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

    /// <summary>Kills the server: every connection drops at once, as when Redis crashes.</summary>
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

    public Task DisposeAsync() => StopAsync();

    private void KillOnExit(object? sender, EventArgs e) => process?.Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
