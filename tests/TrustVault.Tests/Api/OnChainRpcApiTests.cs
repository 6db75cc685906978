using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Analytics;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Api;

/// <summary>The app with OnChain:RpcUrl set to a local JSON-RPC node serving the demo logs, without their block times.</summary>
public sealed class OnChainNodeFactory : FirstPartyApiFactory, IAsyncLifetime
{
    /// <summary>A log in a block the node cannot describe: asking for its time fails upstream.</summary>
    public const ulong OrphanBlock = 30_000_000;

    private LocalEthereumNode? node;

    public ulong FirstBlock { get; private set; }

    public ulong LastBlock { get; private set; }

    public async Task InitializeAsync()
    {
        var logs = (await OnChainApiTests.DemoJsonAsync())["result"]!.AsArray();
        var blockTimes = logs.Select(l => (Block: Quantity((string)l!["blockNumber"]!), Time: (long)Quantity((string)l!["blockTimestamp"]!)))
            .Distinct()
            .ToDictionary(b => b.Block, b => b.Time);
        foreach (var log in logs)
        {
            log!.AsObject().Remove("blockTimestamp");
        }

        var orphan = logs[0]!.DeepClone().AsObject();
        orphan["blockNumber"] = "0x" + OrphanBlock.ToString("x", CultureInfo.InvariantCulture);
        logs.Add(orphan);
        (FirstBlock, LastBlock) = (blockTimes.Keys.Min(), blockTimes.Keys.Max());
        node = await LocalEthereumNode.StartAsync(logs, blockTimes);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OnChain:RpcUrl", node!.BaseAddress.ToString());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (node is not null)
        {
            await node.DisposeAsync();
        }
    }

    private static ulong Quantity(string hex) => ulong.Parse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

/// <summary>POST /v1/rpc/analyze against a local Ethereum node.</summary>
[Collection(AppCollection.Name)]
public sealed class OnChainRpcApiTests(OnChainNodeFactory factory) : IClassFixture<OnChainNodeFactory>, IAsyncLifetime
{
    private const string Slug = "onchain-analytics";

    public Task InitializeAsync() => DemoCustomer.UseRoomiestPlanAsync(factory, Slug);

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Client()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoSeedOptions.CustomerApiKey);
        return client;
    }

    [Fact]
    public async Task A_block_range_read_from_the_node_gives_the_demo_report()
    {
        var response = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/rpc/analyze?topHolders=3&whaleThreshold=1000000", new { fromBlock = factory.FirstBlock, toBlock = factory.LastBlock });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        // The node drops blockTimestamp, so the hourly volumes prove the block times were fetched. One threshold of
        // 1,000,000 units admits the three planted USDC whales and not the 800.25 WETH one.
        OnChainApiTests.AssertDemoFigures(await OnChainApiTests.ExpectedDemoFiguresAsync(), JsonDocument.Parse(text).RootElement, plantedWhales: 3);
    }

    [Fact]
    public async Task A_node_that_fails_is_a_502()
    {
        var response = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/rpc/analyze", new { fromBlock = OnChainNodeFactory.OrphanBlock, toBlock = OnChainNodeFactory.OrphanBlock });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"block {OnChainNodeFactory.OrphanBlock}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"toBlock\":5}", "'fromBlock'")]
    [InlineData("{\"fromBlock\":9,\"toBlock\":5}", "'fromBlock'")]
    [InlineData("{\"fromBlock\":1,\"toBlock\":900000}", "'toBlock'")]
    [InlineData("{\"fromBlock\":1,\"toBlock\":5,\"addresses\":[\"0x12\"]}", "addresses[0]")]
    public async Task Bad_ranges_get_400_naming_the_field(string body, string expected)
    {
        var response = await Client().PostAsync($"/gw/{Slug}/v1/rpc/analyze", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
