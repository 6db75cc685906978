using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Analytics.OnChain;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Analytics;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Api;

namespace TrustVault.Tests.Api;

/// <summary>The On-Chain Analytics API through the gateway, on uploads and the embedded demo.</summary>
[Collection(AppCollection.Name)]
public sealed class OnChainApiTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    private const string Slug = "onchain-analytics";
    private const string Usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";

    public Task InitializeAsync() => DemoCustomer.UseRoomiestPlanAsync(factory, Slug);

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Client()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoSeedOptions.CustomerApiKey);
        return client;
    }

    internal static async Task<JsonElement> ExpectedDemoFiguresAsync()
    {
        await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "onchain", "uniswap-v2-usdc-weth.expected.json"));
        using var document = await JsonDocument.ParseAsync(file);
        return document.RootElement.Clone();
    }

    internal static async Task<JsonObject> DemoJsonAsync()
    {
        await using var json = OnChainDemo.OpenJson();
        return (await JsonNode.ParseAsync(json))!.AsObject();
    }

    /// <summary>The report's figures against those make_fixture.py planted in the demo (see OnChainTests).</summary>
    /// <param name="plantedWhales">How many of the planted whales (largest first) the report's threshold admits.</param>
    internal static void AssertDemoFigures(JsonElement expected, JsonElement report, int plantedWhales = 4)
    {
        var decoding = report.GetProperty("decoding");
        foreach (var name in new[] { "logs", "transfers", "approvals", "nftTransfers", "swaps", "removed", "unknown" })
        {
            Assert.Equal(expected.GetProperty(name).GetInt32(), decoding.GetProperty(name).GetInt32());
        }

        Assert.Equal(expected.GetProperty("swaps").GetInt32(), report.GetProperty("swapCount").GetInt32());
        Assert.Equal(
            expected.GetProperty("whales").EnumerateArray().Take(plantedWhales).Select(w => (w.GetProperty("token").GetString(), w.GetProperty("value").GetString(), w.GetProperty("units").GetString())),
            report.GetProperty("whales").EnumerateArray().Select(w => (
                (string?)w.GetProperty("transfer").GetProperty("token").GetString()!.ToLowerInvariant(),
                w.GetProperty("transfer").GetProperty("value").GetString(),
                w.GetProperty("units").GetString())));
        Assert.Equal(
            expected.GetProperty("hourlyVolume").EnumerateArray().Select(h => (DateTimeOffset.FromUnixTimeSeconds(h.GetProperty("hour").GetInt64()), h.GetProperty("amount0").GetString(), h.GetProperty("amount1").GetString(), h.GetProperty("swaps").GetInt32())),
            report.GetProperty("pairVolumes").EnumerateArray().Select(v => (v.GetProperty("hour").GetDateTimeOffset(), v.GetProperty("amount0").GetString(), v.GetProperty("amount1").GetString(), v.GetProperty("swaps").GetInt32())));
        var usdcHolders = report.GetProperty("topHolders").EnumerateArray().Single(t => t.GetProperty("token").GetString() == Usdc).GetProperty("holders");
        Assert.Equal(
            expected.GetProperty("topUsdcNetFlow").EnumerateArray().Select(h => (h.GetProperty("address").GetString(), h.GetProperty("net").GetString())),
            usdcHolders.EnumerateArray().Select(h => ((string?)h.GetProperty("address").GetString()!.ToLowerInvariant(), h.GetProperty("net").GetString())));
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task The_demo_report_matches_the_figures_planted_in_the_fixture()
    {
        var report = await OkAsync(await Client().GetAsync($"/gw/{Slug}/v1/demo?topHolders=3"));

        AssertDemoFigures(await ExpectedDemoFiguresAsync(), report);
    }

    [Fact]
    public async Task An_uploaded_eth_getLogs_response_gets_the_same_report_with_one_whale_threshold()
    {
        var upload = new StringContent((await DemoJsonAsync()).ToJsonString(), Encoding.UTF8, "application/json");

        var report = await OkAsync(await Client().PostAsync($"/gw/{Slug}/v1/logs/analyze?whaleThreshold=2000000&topHolders=3", upload));

        Assert.Equal(168, report.GetProperty("decoding").GetProperty("logs").GetInt32());
        // Of the planted whales, only the 5,000,000 and 2,500,000 USDC transfers reach 2,000,000 units.
        Assert.Equal(["5000000", "2500000"], report.GetProperty("whales").EnumerateArray().Select(w => w.GetProperty("units").GetString()));
        Assert.Equal(3, report.GetProperty("topHolders").EnumerateArray().First().GetProperty("holders").GetArrayLength());
    }

    [Theory]
    [InlineData("0xdAC17F958D2ee523a2206206994597C13D831ec7", "1000000000000", "1000000")] // USDT, 6 decimals
    [InlineData("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", "100000000000", "1000")] // WBTC, 8 decimals
    public async Task A_known_tokens_transfer_is_sized_with_its_own_decimals(string token, string baseUnits, string units)
    {
        var logs = new JsonArray(OnChainTestLogs.ToJson(OnChainTestLogs.Transfer(token, OnChainTestLogs.Address(1), OnChainTestLogs.Address(2), System.Numerics.BigInteger.Parse(baseUnits, CultureInfo.InvariantCulture))));

        var report = await OkAsync(await Client().PostAsync($"/gw/{Slug}/v1/logs/analyze?whaleThreshold=1000", new StringContent(logs.ToJsonString(), Encoding.UTF8, "application/json")));

        Assert.Equal(units, Assert.Single(report.GetProperty("whales").EnumerateArray()).GetProperty("units").GetString());
    }

    [Fact]
    public async Task An_uploaded_malformed_log_gets_400_naming_its_path()
    {
        var demo = await DemoJsonAsync();
        demo["result"]![3]!["topics"]![0] = "0x1234";

        var response = await Client().PostAsync($"/gw/{Slug}/v1/logs/analyze", new StringContent(demo.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("result[3].topics[0]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "$")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"limit\"}}", "error")]
    [InlineData("[{\"address\":\"0x12\"}]", "logs[0].address")]
    public async Task Uploads_that_are_no_logs_get_400_naming_the_path(string body, string path)
    {
        var response = await Client().PostAsync($"/gw/{Slug}/v1/logs/analyze", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith($"'{path}': ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The body as a whole ($) is no field of it.
        Assert.Equal(path != "$", problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(path, out _));
    }

    [Theory]
    [InlineData("[{\"address\":\"0x1")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"result\":[{\"address\":1},")]
    public async Task An_upload_cut_short_gets_400_saying_so_without_the_readers_position(string body)
    {
        var response = await Client().PostAsync($"/gw/{Slug}/v1/logs/analyze", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("'$': not valid JSON: it ends before its last object or array is closed.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_upload_past_the_size_limit_gets_413()
    {
        var body = new byte[OnChainApi.MaxUploadBytes + 1];
        Array.Fill(body, (byte)' ');

        var response = await Client().PostAsync($"/gw/{Slug}/v1/logs/analyze", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("whaleThreshold=-5", "'whaleThreshold'")]
    [InlineData("whaleThreshold=lots", "'whaleThreshold'")]
    [InlineData("topHolders=0", "'topHolders'")]
    [InlineData("topHolders=1e3", "'topHolders'")]
    public async Task Bad_settings_get_400_naming_the_parameter(string query, string expected)
    {
        var response = await Client().GetAsync($"/gw/{Slug}/v1/demo?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_node_rpc_analysis_answers_503()
    {
        var response = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/rpc/analyze", new { fromBlock = 1, toBlock = 2 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("OnChain:RpcUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

}
