using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

/// <summary>The gateway on a real Kestrel server, where what reaches the client when is the server's, not a test host's.</summary>
public sealed class KestrelGatewayFactory : GatewayFactory
{
    public KestrelGatewayFactory() => UseKestrel(0);

    public ServerBodyCounter BodyWritten { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // No upstream here is slow on purpose, and the timeout also bounds how long the gateway reads an oversized body to
        // tell 413 from 502: 2 s is too little for 31 MB on a loaded machine.
        builder.UseSetting("Gateway:Timeout", "00:01:00");
        // Calls wait for SQLite's commit, whose write lock a test can hold; the recorder answers after its writer returns
        // whether that writer is the database or the journal.
        builder.UseSetting("Metering:UseJournal", "false");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(BodyWritten));
    }
}

[Collection(AppCollection.Name)]
public sealed class GatewayDurabilityTests(KestrelGatewayFactory factory, LocalUpstream upstream) : IClassFixture<KestrelGatewayFactory>, IClassFixture<LocalUpstream>
{
    [Theory]
    [InlineData("/sized", LocalUpstream.SizedBodyBytes, true)]
    [InlineData("/large", LocalUpstream.LargeBodyBytes, false)]
    [InlineData("/chunked", LocalUpstream.ChunkedBodyBytes, false)]
    public async Task A_forwarded_answer_is_complete_at_the_client_only_after_its_usage_event_is_committed(string path, int length, bool keepsLength)
    {
        factory.StartServer();
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan());
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", arranged.Key);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();

        // Another connection holds SQLite's write lock, so the call's usage event cannot be committed yet.
        await using var writeLock = new SqliteConnection(db.Database.GetDbConnection().ConnectionString);
        await writeLock.OpenAsync();
        await using (var begin = writeLock.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var gatewayPath = $"/gw/{arranged.Slug}{path}";
        var call = client.GetAsync(gatewayPath);
        // The gateway has handed the whole body to the server (held or sent): only the answer's end waits for the commit.
        while (factory.BodyWritten.Written(gatewayPath) < length && !call.IsCompleted)
        {
            await Task.Delay(10);
        }

        Assert.False(call.IsCompleted, "The client had the whole answer before its usage event was stored.");

        await using (var rollback = writeLock.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(keepsLength, response.Content.Headers.NonValidated.Contains("Content-Length"));
        Assert.Equal(length, (await response.Content.ReadAsByteArrayAsync()).Length);
        var requestId = response.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single();
        var stored = await db.UsageEvents.AsNoTracking().SingleAsync(e => e.RequestId == requestId);
        Assert.Equal(length, stored.Bytes);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_request_body_over_the_servers_limit_gets_413_whether_or_not_the_upstream_can_be_reached(bool reachable, bool chunked)
    {
        factory.StartServer();
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, reachable ? upstream.BaseAddress.ToString() : "http://127.0.0.1:9/", GatewayArrange.Plan());
        // Waiting for 100 Continue (however slow the machine), the client sends no body once the gateway has answered.
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()),
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", arranged.Key);
        client.DefaultRequestHeaders.ExpectContinue = true;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/gw/{arranged.Slug}/drain") { Content = new ByteArrayContent(new byte[31_000_000]) };
        // Without a declared length the gateway can only count the body as it arrives.
        request.Headers.TransferEncodingChunked = chunked;
        HttpResponseMessage? response = null;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException) when (chunked)
        {
            // The server answers as soon as the count passes the limit and then closes the connection, with the rest of
            // the body unread; a client still sending then sometimes fails its send before it reads the answer (curl
            // reads while it sends). What the gateway answered is in the call's usage event, committed before the answer.
        }

        using (response)
        {
            if (response is not null)
            {
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("at most 30 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

                // The gateway's own headers survive the forwarder's failure: the customer can look the call up.
                Assert.True(response.Headers.Contains(UpstreamSignature.RequestIdHeader));
                Assert.True(response.Headers.Contains("RateLimit-Limit"));
            }
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        var stored = await db.UsageEvents.AsNoTracking().SingleAsync(e => e.SubscriptionId == arranged.SubscriptionId);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, stored.Status);

        // Refused by the gateway, never served: no unit of the quota, nothing on the invoice.
        Assert.False(stored.IsBillable);
    }
}
