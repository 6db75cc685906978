using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TrustVault.E2E.Infrastructure;

/// <summary>
/// A redis-server of the caller's own on a free loopback port, killed when disposed (or when the test process exits)
/// whatever happened. It writes every change to an append-only file in a folder of its own, as a production Redis
/// would, so that a stop and start keeps what the nodes share (the Data Protection key ring above all).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("trustvault-redis-").FullName;
    private Process? process;

    public int Port { get; } = FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        var arguments = new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
            "--save", "", "--appendonly", "yes", "--appendfsync", "always",
        };
        var server = Process.Start(new ProcessStartInfo("redis-server", arguments)
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
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Kills the server: every connection drops at once, as when Redis goes away. What it wrote stays for the next start.</summary>
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

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(directory, recursive: true);
    }

    private void KillOnExit(object? sender, EventArgs e) => process?.Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
