using System.Text.Json;
using TrustVault.Core.Errors;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>A bad log in an eth_getLogs document; the message starts with the path of the field, e.g. <c>result[3].topics[0]</c>.</summary>
public sealed class EvmLogFormatException(string path, string problem) : ArgumentException($"{path}: {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}

/// <summary>
/// Reads eth_getLogs output: the JSON-RPC response <c>{"jsonrpc":"2.0","id":1,"result":[...]}</c> or a bare array
/// of logs. Validation is strict because the decoder trusts the shapes: addresses are 20-byte DATA, topics and
/// transaction hashes 32-byte DATA (at most four topics: LOG0 to LOG4 in the Yellow Paper), numbers QUANTITY.
/// </summary>
public static class EvmLogJson
{
    private const int MaxTopics = 4;

    public static async Task<IReadOnlyList<EvmLog>> ReadAsync(Stream json, int maxLogs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLogs, 1);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new EvmLogFormatException("$", $"not valid JSON: {JsonReadProblem.Describe(e)}");
        }

        using (document)
        {
            return Read(document.RootElement, maxLogs, "logs");
        }
    }

    public static IReadOnlyList<EvmLog> Parse(string json, int maxLogs) => Parse(json, maxLogs, "logs");

    /// <param name="arrayName">How error messages name a bare top-level array.</param>
    internal static IReadOnlyList<EvmLog> Parse(string json, int maxLogs, string arrayName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLogs, 1);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new EvmLogFormatException("$", $"not valid JSON: {JsonReadProblem.Describe(e)}");
        }

        using (document)
        {
            return Read(document.RootElement, maxLogs, arrayName);
        }
    }

    private static List<EvmLog> Read(JsonElement root, int maxLogs, string arrayName)
    {
        var (logs, path) = root.ValueKind switch
        {
            JsonValueKind.Array => (root, arrayName),
            JsonValueKind.Object when root.TryGetProperty("error", out var error) =>
                throw new EvmLogFormatException("error", $"the node answered with a JSON-RPC error, not logs: {error.GetRawText()}"),
            JsonValueKind.Object when root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array => (result, "result"),
            JsonValueKind.Object => throw new EvmLogFormatException("result", "missing or not an array of logs"),
            _ => throw new EvmLogFormatException("$", "expected an eth_getLogs response object or an array of logs"),
        };

        var count = logs.GetArrayLength();
        if (count > maxLogs)
        {
            throw new EvmLogFormatException(path, $"{count:N0} logs, more than the limit of {maxLogs:N0}; ask for a smaller block range");
        }

        var parsed = new List<EvmLog>(count);
        var index = 0;
        foreach (var log in logs.EnumerateArray())
        {
            parsed.Add(ReadLog(log, $"{path}[{index}]"));
            index++;
        }

        return parsed;
    }

    private static EvmLog ReadLog(JsonElement log, string path)
    {
        if (log.ValueKind != JsonValueKind.Object)
        {
            throw new EvmLogFormatException(path, "not a log object");
        }

        var address = RequiredString(log, "address", path);
        if (!Hex.IsData(address, 20))
        {
            throw new EvmLogFormatException($"{path}.address", "not a 20-byte hex address");
        }

        if (!log.TryGetProperty("topics", out var topicsElement) || topicsElement.ValueKind != JsonValueKind.Array)
        {
            throw new EvmLogFormatException($"{path}.topics", "missing or not an array");
        }

        if (topicsElement.GetArrayLength() > MaxTopics)
        {
            throw new EvmLogFormatException($"{path}.topics", $"{topicsElement.GetArrayLength()} topics; a log has at most {MaxTopics}");
        }

        var topics = new string[topicsElement.GetArrayLength()];
        var t = 0;
        foreach (var topic in topicsElement.EnumerateArray())
        {
            var text = topic.ValueKind == JsonValueKind.String ? topic.GetString()! : "";
            if (!Hex.IsData(text, 32))
            {
                throw new EvmLogFormatException($"{path}.topics[{t}]", "not a 32-byte hex string");
            }

            topics[t++] = text.ToLowerInvariant();
        }

        var data = RequiredString(log, "data", path);
        if (!Hex.IsData(data))
        {
            throw new EvmLogFormatException($"{path}.data", "not hex data (0x followed by an even number of hex digits)");
        }

        var transactionHash = RequiredString(log, "transactionHash", path);
        if (!Hex.IsData(transactionHash, 32))
        {
            throw new EvmLogFormatException($"{path}.transactionHash", "not a 32-byte hex string");
        }

        var removed = false;
        if (log.TryGetProperty("removed", out var removedElement))
        {
            removed = removedElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new EvmLogFormatException($"{path}.removed", "not true or false"),
            };
        }

        DateTimeOffset? timestamp = null;
        if (log.TryGetProperty("blockTimestamp", out var timestampElement) && timestampElement.ValueKind != JsonValueKind.Null)
        {
            var seconds = Quantity(timestampElement, $"{path}.blockTimestamp");
            if (seconds > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                throw new EvmLogFormatException($"{path}.blockTimestamp", "beyond the year 9999");
            }

            timestamp = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        }

        return new EvmLog(
            address.ToLowerInvariant(),
            topics,
            data.ToLowerInvariant(),
            Quantity(Required(log, "blockNumber", path), $"{path}.blockNumber"),
            transactionHash.ToLowerInvariant(),
            Quantity(Required(log, "logIndex", path), $"{path}.logIndex"),
            removed,
            timestamp);
    }

    private static JsonElement Required(JsonElement log, string name, string path) =>
        log.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new EvmLogFormatException($"{path}.{name}", name is "blockNumber" or "logIndex" or "transactionHash"
                ? "missing (a pending log has none yet; ask for mined blocks only)"
                : "missing");

    private static string RequiredString(JsonElement log, string name, string path)
    {
        var value = Required(log, name, path);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new EvmLogFormatException($"{path}.{name}", "not a string");
    }

    private static ulong Quantity(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String && Hex.TryParseQuantity(value.GetString()!, out var quantity)
            ? quantity
            : throw new EvmLogFormatException(path, "not a hex quantity (0x followed by up to 16 hex digits)");
}
