using System.Numerics;
using System.Text.Json.Nodes;
using TrustVault.Core.Analytics.OnChain;

namespace TrustVault.Tests.Analytics;

/// <summary>Builds logs by the Solidity ABI rules (32-byte big-endian words, addresses left-padded in topics), independently of the decoder.</summary>
internal static class OnChainTestLogs
{
    public const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    public const string ApprovalTopic = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    public const string SwapTopic = "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822";

    public static readonly DateTimeOffset Nine = new(2024, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static ulong nextLogIndex;

    public static string Word(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return Convert.ToHexStringLower(new byte[32 - bytes.Length]) + Convert.ToHexStringLower(bytes);
    }

    public static string AddressTopic(string address) => "0x" + new string('0', 24) + address[2..].ToLowerInvariant();

    /// <summary>An address of decimal digits only, so its EIP-55 spelling is itself.</summary>
    public static string Address(int n) => "0x" + n.ToString("D40", System.Globalization.CultureInfo.InvariantCulture);

    public static EvmLog Transfer(string token, string from, string to, BigInteger value, ulong block = 100, DateTimeOffset? at = null) =>
        Log(token, [TransferTopic, AddressTopic(from), AddressTopic(to)], "0x" + Word(value), block, at);

    public static EvmLog Approval(string token, string owner, string spender, BigInteger value) =>
        Log(token, [ApprovalTopic, AddressTopic(owner), AddressTopic(spender)], "0x" + Word(value), 100, null);

    public static EvmLog Swap(string pair, string sender, string to, BigInteger amount0In, BigInteger amount1In, BigInteger amount0Out, BigInteger amount1Out, DateTimeOffset? at, ulong block = 100) =>
        Log(pair, [SwapTopic, AddressTopic(sender), AddressTopic(to)], "0x" + Word(amount0In) + Word(amount1In) + Word(amount0Out) + Word(amount1Out), block, at);

    public static EvmLog Log(string address, string[] topics, string data, ulong block = 100, DateTimeOffset? at = null) =>
        new(address.ToLowerInvariant(), topics, data, block, "0x" + Word(block), Interlocked.Increment(ref nextLogIndex), false, at);

    /// <summary>The log as a node writes it in an eth_getLogs answer.</summary>
    public static JsonObject ToJson(EvmLog log)
    {
        var json = new JsonObject
        {
            ["address"] = log.Address,
            ["topics"] = new JsonArray([.. log.Topics.Select(t => (JsonNode)t)]),
            ["data"] = log.Data,
            ["blockNumber"] = "0x" + log.BlockNumber.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
            ["transactionHash"] = log.TransactionHash,
            ["logIndex"] = "0x" + log.LogIndex.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
            ["removed"] = log.Removed,
        };
        if (log.BlockTimestamp is { } at)
        {
            json["blockTimestamp"] = "0x" + at.ToUnixTimeSeconds().ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        }

        return json;
    }
}
