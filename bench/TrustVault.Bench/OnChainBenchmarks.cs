using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using TrustVault.Core.Analytics.OnChain;

namespace TrustVault.Bench;

/// <summary>
/// 100,000 logs shaped like a busy day of a DEX: 70 % ERC-20 transfers of 5 tokens among 5,000 addresses, 15 % V2
/// swaps on 3 pairs over 24 hours, 5 % approvals, 10 % other events. Parse the eth_getLogs JSON; decode and run
/// every analysis (flows, top holders, whales, hourly volume).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class OnChainBenchmarks
{
    private const int LogCount = 100_000;
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);

    private IReadOnlyList<EvmLog> logs = [];
    private string json = "";
    private OnChainAnalysisOptions options = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var tokens = Enumerable.Range(0, 5).Select(_ => RandomAddress(random)).ToArray();
        var pairs = Enumerable.Range(0, 3).Select(_ => RandomAddress(random)).ToArray();
        var holders = Enumerable.Range(0, 5_000).Select(_ => RandomAddress(random)).ToArray();
        var other = EventSignatures.Topic("Sync(uint112,uint112)");
        var generated = new List<EvmLog>(LogCount);
        for (var i = 0; i < LogCount; i++)
        {
            var block = 19_000_000 + (ulong)(i / 20);
            var at = Start.AddSeconds(i * 86_400.0 / LogCount);
            var roll = random.Next(100);
            var (address, topics, data) = roll switch
            {
                < 70 => (tokens[random.Next(tokens.Length)], new[] { EventSignatures.Transfer, Topic(holders[random.Next(holders.Length)]), Topic(holders[random.Next(holders.Length)]) }, "0x" + Word(Amount(random))),
                < 85 => (pairs[random.Next(pairs.Length)], new[] { EventSignatures.UniswapV2Swap, Topic(holders[0]), Topic(holders[random.Next(holders.Length)]) }, "0x" + Word(Amount(random)) + Word(0) + Word(0) + Word(Amount(random))),
                < 90 => (tokens[random.Next(tokens.Length)], new[] { EventSignatures.Approval, Topic(holders[random.Next(holders.Length)]), Topic(holders[1]) }, "0x" + Word(Amount(random))),
                _ => (pairs[random.Next(pairs.Length)], new[] { other }, "0x" + Word(Amount(random)) + Word(Amount(random))),
            };
            generated.Add(new EvmLog(address, topics, data, block, "0x" + Word(i), (ulong)(i % 20), false, at));
        }

        logs = generated;
        json = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["result"] = new JsonArray([.. logs.Select(ToJson)]) }.ToJsonString();
        options = new OnChainAnalysisOptions(new WhaleThreshold(1_000_000m), TopHolders: 10);
    }

    [Benchmark]
    public int ParseJson() => EvmLogJson.Parse(json, LogCount).Count;

    [Benchmark]
    public DecodeSummary Decode() => EvmLogDecoder.Decode(logs).Summary;

    [Benchmark]
    public OnChainReport DecodeAndAnalyze() => OnChainAnalyzer.Analyze(logs, options);

    private static string RandomAddress(Random random)
    {
        var bytes = new byte[20];
        random.NextBytes(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    private static string Topic(string address) => "0x" + new string('0', 24) + address[2..];

    /// <summary>Up to about 10 million tokens at 18 decimals.</summary>
    private static BigInteger Amount(Random random) => new BigInteger(random.NextInt64(1, 10_000_000)) * BigInteger.Pow(10, 18) / random.Next(1, 1000);

    private static string Word(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return Convert.ToHexStringLower(new byte[32 - bytes.Length]) + Convert.ToHexStringLower(bytes);
    }

    private static JsonNode ToJson(EvmLog log) => new JsonObject
    {
        ["address"] = log.Address,
        ["topics"] = new JsonArray([.. log.Topics.Select(t => (JsonNode)t)]),
        ["data"] = log.Data,
        ["blockNumber"] = "0x" + log.BlockNumber.ToString("x", CultureInfo.InvariantCulture),
        ["blockTimestamp"] = "0x" + log.BlockTimestamp!.Value.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture),
        ["transactionHash"] = log.TransactionHash,
        ["logIndex"] = "0x" + log.LogIndex.ToString("x", CultureInfo.InvariantCulture),
        ["removed"] = false,
    };
}
