using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.Util;
using TrustVault.Core.Analytics.OnChain;
using static TrustVault.Tests.Analytics.OnChainTestLogs;

namespace TrustVault.Tests.Analytics;

public sealed class OnChainTests
{
    // Mainnet contracts with their published EIP-55 spellings.
    private const string Usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
    private const string Weth = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2";
    private const string UsdcWethPair = "0xB4E16D0168e52d35Cacd2c6185b44Ac2E0c84a2f";

    private static readonly string[] EmptyAddresses = [];

    [Fact]
    public void Event_topics_are_the_keccak_hashes_of_the_published_signatures()
    {
        // Keccak-256 of the empty string, the standard's first test vector.
        Assert.Equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Sha3Keccack.Current.CalculateHash(""));

        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", EventSignatures.Transfer);
        Assert.Equal("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", EventSignatures.Approval);
        Assert.Equal("0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822", EventSignatures.UniswapV2Swap);
    }

    [Fact]
    public void A_hand_encoded_ERC20_transfer_decodes_to_checksummed_addresses_and_the_exact_amount()
    {
        // 1,000 USDC (6 decimals) = 1,000,000,000 = 0x3b9aca00 base units.
        var log = new EvmLog(
            "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
            [
                "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
                "0x0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
                "0x000000000000000000000000fb6916095ca1df60bb79ce92ce3ea74c37c5d359",
            ],
            "0x000000000000000000000000000000000000000000000000000000003b9aca00",
            19_000_000,
            "0x" + new string('a', 64),
            7,
            false,
            Nine);

        var decoded = EvmLogDecoder.Decode([log]);

        var transfer = Assert.Single(decoded.Transfers);
        Assert.Equal(Usdc, transfer.Token);
        // EIP-55's own examples.
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", transfer.From);
        Assert.Equal("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", transfer.To);
        Assert.Equal(new BigInteger(1_000_000_000), transfer.Value);
        Assert.Equal(new EventLocation(19_000_000, "0x" + new string('a', 64), 7, Nine), transfer.At);
        Assert.Equal("1000", TokenUnits.Format(transfer.Value, 6));
    }

    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Decoded_addresses_follow_the_EIP_55_test_vectors(string checksummed)
    {
        var decoded = EvmLogDecoder.Decode([Transfer(checksummed.ToLowerInvariant(), checksummed, Address(1), 1)]);

        Assert.Equal(checksummed, decoded.Transfers[0].From);
        Assert.Equal(checksummed, decoded.Transfers[0].Token);
    }

    [Fact]
    public void A_full_uint256_amount_is_decoded_exactly()
    {
        var max = BigInteger.Pow(2, 256) - 1;

        var decoded = EvmLogDecoder.Decode([Approval(Usdc, Address(1), Address(2), max)]);

        Assert.Equal(max, Assert.Single(decoded.Approvals).Value);
        Assert.Equal(Address(2), decoded.Approvals[0].Spender);
    }

    [Fact]
    public void An_ERC721_transfer_shares_topic0_but_is_told_apart_by_its_indexed_token_id()
    {
        var nft = Log("0xbc4ca0eda7647a8ab7c2061c2e118a18a936f13d", [TransferTopic, AddressTopic(Address(1)), AddressTopic(Address(2)), "0x" + Word(8817)], "0x");

        var decoded = EvmLogDecoder.Decode([nft, Transfer(Usdc, Address(1), Address(2), 8817)]);

        var transfer = Assert.Single(decoded.NftTransfers);
        Assert.Equal("0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D", transfer.Collection);
        Assert.Equal(new BigInteger(8817), transfer.TokenId);
        Assert.Equal(Address(2), transfer.To);
        Assert.Single(decoded.Transfers);
    }

    [Fact]
    public void A_V2_swap_decodes_its_four_amounts_in_ABI_order()
    {
        var data = "0x" + string.Concat(new[] { "1", "2", "3", "4" }.Select(last => new string('0', 63) + last));
        var log = Log(UsdcWethPair, [SwapTopic, AddressTopic("0x7a250d5630b4cf539739df2c5dacb4c659f2488d"), AddressTopic(Address(9))], data);

        var swap = Assert.Single(EvmLogDecoder.Decode([log]).Swaps);

        Assert.Equal(UsdcWethPair, swap.Pair);
        Assert.Equal("0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", swap.Sender);
        Assert.Equal(Address(9), swap.To);
        Assert.Equal((1, 2, 3, 4), ((int)swap.Amount0In, (int)swap.Amount1In, (int)swap.Amount0Out, (int)swap.Amount1Out));
    }

    [Fact]
    public void Unknown_removed_misshapen_and_repeated_logs_are_counted_and_skipped()
    {
        var sync = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1";
        var logs = new[]
        {
            Transfer(Usdc, Address(1), Address(2), 5),
            Log(UsdcWethPair, [sync], "0x" + Word(1) + Word(2)),
            Log(Usdc, [], "0x"),
            Transfer(Usdc, Address(1), Address(2), 5) with { Removed = true },
            // A pre-standard token that indexes nothing: Transfer's topic0 with its three arguments in data.
            Log(Usdc, [TransferTopic], "0x" + Word(1) + Word(2) + Word(3)),
            // Topic 1 with bits above 20 bytes is no ABI-encoded address.
            Log(Usdc, [TransferTopic, "0x" + new string('f', 64), AddressTopic(Address(2))], "0x" + Word(5)),
            // ERC-721 Approval: 4 topics; not analysed.
            Log(Usdc, [ApprovalTopic, AddressTopic(Address(1)), AddressTopic(Address(2)), "0x" + Word(3)], "0x"),
        };
        // The first log again, as an overlapping page of eth_getLogs repeats it (same transaction hash and log index).
        EvmLog[] withRepeat = [.. logs, logs[0] with { TransactionHash = logs[0].TransactionHash.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal) }];

        var decoded = EvmLogDecoder.Decode(withRepeat);

        Assert.Equal(new DecodeSummary(Logs: 8, Transfers: 1, Approvals: 0, NftTransfers: 0, Swaps: 0, Removed: 1, Unknown: 3, Misshapen: 2, Duplicates: 1), decoded.Summary);
    }

    [Fact]
    public void Flows_nets_and_top_holders_match_a_hand_computed_ledger()
    {
        string a = Address(1), b = Address(2), c = Address(3), token = Address(10);
        var transfers = EvmLogDecoder.Decode(
        [
            Transfer(token, a, b, 100),
            Transfer(token, a, c, 50),
            Transfer(token, b, c, 30),
            Transfer(token, c, a, 10),
        ]).Transfers;

        var flows = TokenFlows.PerAddress(transfers);

        // a: in 10, out 150; b: in 100, out 30; c: in 80, out 10. b and c tie at +70; the address breaks the tie.
        Assert.Equal(
            [
                new AddressFlow(token, b, 100, 30, 70, 1, 1),
                new AddressFlow(token, c, 80, 10, 70, 2, 1),
                new AddressFlow(token, a, 10, 150, -140, 1, 2),
            ],
            flows);
        var top = Assert.Single(TokenFlows.TopHoldersByNetFlow(flows, 1));
        Assert.Equal(b, Assert.Single(top.Holders).Address);
        Assert.Equal([b, c], TokenFlows.TopHoldersByNetFlow(flows, 10)[0].Holders.Select(h => h.Address));
        Assert.Equal(BigInteger.Zero, flows.Aggregate(BigInteger.Zero, (sum, f) => sum + f.Net));
    }

    [Fact]
    public void Whale_thresholds_compare_exactly_in_each_tokens_base_units()
    {
        var eighteen = BigInteger.Pow(10, 18);
        string token18 = Address(10), usdc6 = Address(11);
        var transfers = EvmLogDecoder.Decode(
        [
            Transfer(token18, Address(1), Address(2), 50 * eighteen),
            Transfer(token18, Address(1), Address(2), (50 * eighteen) - 1),
            Transfer(token18, Address(1), Address(2), 100 * eighteen),
            Transfer(usdc6, Address(1), Address(2), 1_000_000_000_000),
            Transfer(usdc6, Address(1), Address(2), 999_999_999_999),
        ]).Transfers;
        var decimals = new TokenDecimals(new Dictionary<string, int> { [usdc6] = 6 });

        var whales = TokenFlows.Whales(transfers, new WhaleThreshold(50m, new Dictionary<string, decimal> { [usdc6] = 1_000_000m }), decimals);

        Assert.Equal(["100", "50", "1000000"], whales.Select(w => w.Units));
        // One base unit above the threshold excludes a transfer of exactly 50 tokens.
        Assert.Single(TokenFlows.Whales(transfers.Where(t => t.Token == token18), new WhaleThreshold(50.000000000000000001m), TokenDecimals.Default));
    }

    [Theory]
    [InlineData("1500000", 6, "1.5")]
    [InlineData("1", 18, "0.000000000000000001")]
    [InlineData("-2500000000", 6, "-2500")]
    [InlineData("0", 0, "0")]
    public void Base_units_format_as_exact_token_units(string baseUnits, int decimals, string expected)
    {
        Assert.Equal(expected, TokenUnits.Format(BigInteger.Parse(baseUnits, CultureInfo.InvariantCulture), decimals));
    }

    [Fact]
    public void A_threshold_finer_than_the_token_rounds_up_to_the_next_base_unit()
    {
        Assert.Equal(new BigInteger(1), TokenUnits.CeilingToBaseUnits(0.0000005m, 6));
        Assert.Equal(new BigInteger(1_500_000), TokenUnits.CeilingToBaseUnits(1.5m, 6));
        Assert.Equal(BigInteger.Parse("79228162514264337593543950335000000000000000000", CultureInfo.InvariantCulture), TokenUnits.CeilingToBaseUnits(decimal.MaxValue, 18));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenUnits.Format(1, 78));
    }

    [Fact]
    public void Volume_is_summed_per_pair_and_UTC_hour_with_in_and_out_legs()
    {
        string p = Address(20), q = Address(21);
        var swaps = EvmLogDecoder.Decode(
        [
            Swap(p, Address(1), Address(1), 1000, 0, 0, 2, Nine.AddMinutes(10)),
            Swap(p, Address(1), Address(1), 0, 5, 2400, 0, Nine.AddMinutes(59).AddSeconds(59)),
            Swap(p, Address(1), Address(1), 700, 0, 0, 1, Nine.AddHours(1)),
            Swap(q, Address(1), Address(1), 1, 1, 1, 1, Nine.AddMinutes(30).ToOffset(TimeSpan.FromHours(2))),
        ]).Swaps;

        var volumes = DexVolume.PerPairPerHour(swaps);

        Assert.Equal(
            [
                new PairHourVolume(p, Nine, 3400, 7, 2),
                new PairHourVolume(p, Nine.AddHours(1), 700, 1, 1),
                new PairHourVolume(q, Nine, 2, 2, 1),
            ],
            volumes);
    }

    [Fact]
    public void Volume_without_block_timestamps_is_refused_with_the_swap_named()
    {
        var swaps = EvmLogDecoder.Decode([Swap(Address(20), Address(1), Address(1), 1, 0, 0, 1, at: null, block: 1234)]).Swaps;

        var error = Assert.Throws<ArgumentException>(() => DexVolume.PerPairPerHour(swaps));

        Assert.Contains("block 1234", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_JSON_RPC_response_and_a_bare_array_parse_to_the_same_logs()
    {
        var log = Transfer(Usdc, Address(1), Address(2), 42, 19_000_001, Nine);
        var array = new JsonArray(ToJson(log));

        var fromResponse = EvmLogJson.Parse(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["result"] = array.DeepClone() }.ToJsonString(), 10);
        var fromArray = EvmLogJson.Parse(array.ToJsonString(), 10);

        foreach (var parsed in new[] { Assert.Single(fromResponse), Assert.Single(fromArray) })
        {
            Assert.Equal(log.Topics, parsed.Topics);
            Assert.Equal(log with { Topics = parsed.Topics }, parsed);
        }
    }

    [Theory]
    [InlineData("topics[0]", "result[1].topics[0]", "not a 32-byte hex string")]
    [InlineData("address", "result[1].address", "not a 20-byte hex address")]
    [InlineData("data", "result[1].data", "not hex data")]
    [InlineData("blockNumber", "result[1].blockNumber", "not a hex quantity")]
    [InlineData("no blockNumber", "result[1].blockNumber", "missing")]
    [InlineData("logIndex", "result[1].logIndex", "not a hex quantity")]
    [InlineData("transactionHash", "result[1].transactionHash", "not a 32-byte hex string")]
    [InlineData("removed", "result[1].removed", "not true or false")]
    [InlineData("five topics", "result[1].topics", "5 topics")]
    [InlineData("blockTimestamp", "result[1].blockTimestamp", "not a hex quantity")]
    public void A_malformed_log_is_refused_naming_its_index_and_field(string damage, string path, string problem)
    {
        var logs = new JsonArray(ToJson(Transfer(Usdc, Address(1), Address(2), 1, at: Nine)), ToJson(Transfer(Usdc, Address(2), Address(3), 1, at: Nine)));
        var bad = logs[1]!.AsObject();
        switch (damage)
        {
            case "topics[0]": bad["topics"]![0] = "0x1234"; break;
            case "address": bad["address"] = "0x" + new string('z', 40); break;
            case "data": bad["data"] = "0x123"; break;
            case "blockNumber": bad["blockNumber"] = "19000000"; break;
            case "no blockNumber": bad.Remove("blockNumber"); break;
            case "logIndex": bad["logIndex"] = 5; break;
            case "transactionHash": bad["transactionHash"] = "0xabcd"; break;
            case "removed": bad["removed"] = "no"; break;
            case "five topics": bad["topics"] = new JsonArray([.. Enumerable.Repeat<JsonNode>(TransferTopic, 5).Select(t => t.DeepClone())]); break;
            case "blockTimestamp": bad["blockTimestamp"] = "yesterday"; break;
        }

        var error = Assert.Throws<EvmLogFormatException>(() => EvmLogJson.Parse(new JsonObject { ["result"] = logs }.ToJsonString(), 10));

        Assert.Equal(path, error.Path);
        Assert.StartsWith($"{path}: {problem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uploads_past_the_log_limit_errors_and_invalid_JSON_are_refused()
    {
        var three = new JsonArray([.. Enumerable.Range(1, 3).Select(i => (JsonNode)ToJson(Transfer(Usdc, Address(i), Address(2), 1)))]).ToJsonString();

        Assert.Equal(3, EvmLogJson.Parse(three, 3).Count);
        Assert.Equal("logs", Assert.Throws<EvmLogFormatException>(() => EvmLogJson.Parse(three, 2)).Path);
        Assert.Equal("error", Assert.Throws<EvmLogFormatException>(() => EvmLogJson.Parse("""{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"limit"}}""", 2)).Path);
        Assert.Equal("$", Assert.Throws<EvmLogFormatException>(() => EvmLogJson.Parse("[{", 2)).Path);
        Assert.Equal("logs[0]", Assert.Throws<EvmLogFormatException>(() => EvmLogJson.Parse("[1]", 2)).Path);
    }

    [Fact]
    public async Task The_embedded_demo_reproduces_the_figures_its_generator_planted()
    {
        // make_fixture.py computed these while writing the fixture, independently of this engine.
        var expected = await ExpectedDemoFiguresAsync();
        var logs = await OnChainDemo.LoadAsync();
        var thresholds = expected.GetProperty("whaleThresholds").EnumerateObject()
            .ToDictionary(t => t.Name, t => decimal.Parse(t.Value.GetString()!, CultureInfo.InvariantCulture));

        var report = OnChainAnalyzer.Analyze(logs, new OnChainAnalysisOptions(new WhaleThreshold(decimal.MaxValue, thresholds), new TokenDecimals(OnChainDemo.Decimals), TopHolders: 3));

        Assert.Equal(
            new DecodeSummary(
                Int(expected, "logs"), Int(expected, "transfers"), Int(expected, "approvals"), Int(expected, "nftTransfers"),
                Int(expected, "swaps"), Int(expected, "removed"), Int(expected, "unknown"), Misshapen: 0, Duplicates: 0),
            report.Decoding);
        Assert.Equal(Int(expected, "swaps"), report.SwapCount);
        Assert.Equal(
            expected.GetProperty("whales").EnumerateArray().Select(w => (w.GetProperty("token").GetString(), w.GetProperty("value").GetString(), w.GetProperty("units").GetString())),
            report.Whales.Select(w => ((string?)w.Transfer.Token.ToLowerInvariant(), (string?)w.Transfer.Value.ToString(CultureInfo.InvariantCulture), (string?)w.Units)));
        Assert.Equal(
            expected.GetProperty("hourlyVolume").EnumerateArray().Select(h => (UsdcWethPair, DateTimeOffset.FromUnixTimeSeconds(h.GetProperty("hour").GetInt64()), h.GetProperty("amount0").GetString(), h.GetProperty("amount1").GetString(), h.GetProperty("swaps").GetInt32())),
            report.PairVolumes.Select(v => (v.Pair, v.Hour, (string?)v.Amount0.ToString(CultureInfo.InvariantCulture), (string?)v.Amount1.ToString(CultureInfo.InvariantCulture), v.Swaps)));
        Assert.Equal(
            expected.GetProperty("topUsdcNetFlow").EnumerateArray().Select(h => (h.GetProperty("address").GetString(), h.GetProperty("net").GetString())),
            report.TopHolders.Single(t => t.Token == Usdc).Holders.Select(h => ((string?)h.Address.ToLowerInvariant(), (string?)h.Net.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task The_uploaded_source_filters_by_block_range_and_contract_like_a_node()
    {
        var logs = await OnChainDemo.LoadAsync();
        var source = new UploadedLogSource(logs);
        var from = logs[0].BlockNumber;

        var selected = await source.GetLogsAsync(new LogQuery(from, from + 100, [UsdcWethPair.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)]), CancellationToken.None);

        Assert.NotEmpty(selected);
        Assert.Equal(
            logs.Where(l => l.BlockNumber <= from + 100 && l.Address == UsdcWethPair.ToLowerInvariant()).Select(l => (l.BlockNumber, l.LogIndex)),
            selected.Select(l => (l.BlockNumber, l.LogIndex)));
        await Assert.ThrowsAsync<ArgumentException>(() => source.GetLogsAsync(new LogQuery(10, 9), CancellationToken.None));
    }

    [Fact]
    public async Task The_JSON_RPC_source_asks_the_node_in_slices_and_fetches_missing_block_times()
    {
        var demo = await DemoJsonLogsAsync();
        var blockTimes = demo
            .Select(l => (Block: Quantity((string)l!["blockNumber"]!), Time: (long)Quantity((string)l!["blockTimestamp"]!)))
            .Distinct()
            .ToDictionary(b => b.Block, b => b.Time);
        foreach (var log in demo)
        {
            log!.AsObject().Remove("blockTimestamp");
        }

        var first = blockTimes.Keys.Min();
        await using var node = await LocalEthereumNode.StartAsync(demo, blockTimes);
        var source = new JsonRpcLogSource(new OnChainOptions { RpcUrl = node.BaseAddress.ToString(), BlocksPerRequest = 500, MaxBlockRange = 2_000 });

        var logs = await source.GetLogsAsync(new LogQuery(first, first + 1_199, [UsdcWethPair, Usdc]), CancellationToken.None);

        var getLogs = node.Requests.Where(r => (string?)r["method"] == "eth_getLogs").Select(r => r["params"]![0]!.AsObject()).ToList();
        Assert.Equal(
            [(first, first + 499), (first + 500, first + 999), (first + 1_000, first + 1_199)],
            getLogs.Select(f => (Quantity((string)f["fromBlock"]!), Quantity((string)f["toBlock"]!))));
        Assert.All(getLogs, f => Assert.Equal([UsdcWethPair, Usdc], f["address"]!.AsArray().Select(a => (string?)a)));
        var blockRequests = node.Requests.Where(r => (string?)r["method"] == "eth_getBlockByNumber").Select(r => r["params"]!.AsArray()).ToList();
        Assert.All(blockRequests, p => Assert.False((bool)p[1]!));
        var expected = EvmLogJson.Parse(new JsonObject { ["result"] = demo.DeepClone() }.ToJsonString(), 1_000)
            .Where(l => l.BlockNumber <= first + 1_199 && (l.Address == UsdcWethPair.ToLowerInvariant() || l.Address == Usdc.ToLowerInvariant()))
            .ToList();
        Assert.Equal(expected.Select(l => l.BlockNumber).Distinct().Order(), blockRequests.Select(p => Quantity((string)p[0]!)).Order());
        Assert.Equal(
            expected.Select(l => (l.BlockNumber, l.LogIndex, l.Address, l.Data, (DateTimeOffset?)DateTimeOffset.FromUnixTimeSeconds(blockTimes[l.BlockNumber]))),
            logs.Select(l => (l.BlockNumber, l.LogIndex, l.Address, l.Data, l.BlockTimestamp)));
    }

    [Fact]
    public async Task A_node_error_surfaces_as_a_source_failure_and_oversized_ranges_are_refused()
    {
        var error = new JsonObject { ["code"] = -32005, ["message"] = "query returned more than 10000 results" };
        await using var node = await LocalEthereumNode.StartAsync([], new Dictionary<ulong, long>(), error);
        var source = new JsonRpcLogSource(new OnChainOptions { RpcUrl = node.BaseAddress.ToString(), MaxBlockRange = 1_000 });

        var failure = await Assert.ThrowsAsync<OnChainSourceException>(() => source.GetLogsAsync(new LogQuery(1, 10), CancellationToken.None));

        Assert.Contains("more than 10000 results", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => source.GetLogsAsync(new LogQuery(1, 1_001), CancellationToken.None));
        Assert.Single(node.Requests);
        Assert.Throws<ArgumentException>(() => new JsonRpcLogSource(new OnChainOptions { RpcUrl = "ftp://node" }));
        Assert.Throws<ArgumentException>(() => new JsonRpcLogSource(new OnChainOptions()));
    }

    [Fact]
    public void A_range_of_every_block_is_refused_rather_than_overflowing()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LogQuery(0, ulong.MaxValue).Validate(50_000));

        Assert.Contains("18,446,744,073,709,551,616 blocks", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new LogQuery(1, 2, ["0x12"]).Validate(10));
    }

    [Fact]
    public void Amounts_serialise_as_exact_decimal_strings()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new BigIntegerJsonConverter() } };
        var max = BigInteger.Pow(2, 256) - 1;
        var flow = new AddressFlow(Usdc, Address(1), max, 1, max - 1, 1, 1);

        var text = JsonSerializer.Serialize(flow, json);

        Assert.Contains("\"in\":\"115792089237316195423570985008687907853269984665640564039457584007913129639935\"", text, StringComparison.Ordinal);
        Assert.Equal(flow, JsonSerializer.Deserialize<AddressFlow>(text, json));
    }

    private static async Task<JsonElement> ExpectedDemoFiguresAsync()
    {
        await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "onchain", "uniswap-v2-usdc-weth.expected.json"));
        using var document = await JsonDocument.ParseAsync(file);
        return document.RootElement.Clone();
    }

    private static async Task<JsonArray> DemoJsonLogsAsync()
    {
        await using var json = OnChainDemo.OpenJson();
        return (await JsonNode.ParseAsync(json))!["result"]!.AsArray();
    }

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    private static ulong Quantity(string hex) => ulong.Parse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
