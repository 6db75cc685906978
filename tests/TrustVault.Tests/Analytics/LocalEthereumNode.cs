using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// An Ethereum JSON-RPC node on loopback serving eth_getLogs and eth_getBlockByNumber from a fixed set of logs,
/// recording every request body it receives.
/// </summary>
internal sealed class LocalEthereumNode : LoopbackServer
{
    private readonly JsonArray logs;
    private readonly IReadOnlyDictionary<ulong, long> blockTimes;
    private readonly JsonObject? getLogsError;

    private LocalEthereumNode(JsonArray logs, IReadOnlyDictionary<ulong, long> blockTimes, JsonObject? getLogsError)
    {
        this.logs = logs;
        this.blockTimes = blockTimes;
        this.getLogsError = getLogsError;
    }

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <param name="logs">What eth_getLogs serves, filtered by the request's block range and addresses.</param>
    /// <param name="blockTimes">Unix seconds of each block eth_getBlockByNumber knows.</param>
    /// <param name="getLogsError">When set, eth_getLogs answers this JSON-RPC error instead.</param>
    public static async Task<LocalEthereumNode> StartAsync(JsonArray logs, IReadOnlyDictionary<ulong, long> blockTimes, JsonObject? getLogsError = null)
    {
        var node = new LocalEthereumNode(logs, blockTimes, getLogsError);
        await node.InitializeAsync();
        return node;
    }

    protected override void Map(WebApplication app) => app.MapPost("/", AnswerAsync);

    private async Task<IResult> AnswerAsync(HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        Requests.Enqueue(body);
        var parameters = body["params"]!.AsArray();
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]?.DeepClone() };
        switch ((string?)body["method"])
        {
            case "eth_getLogs" when getLogsError is not null:
                answer["error"] = getLogsError.DeepClone();
                break;
            case "eth_getLogs":
                answer["result"] = GetLogs(parameters[0]!.AsObject());
                break;
            case "eth_getBlockByNumber":
                var number = Quantity((string)parameters[0]!);
                answer["result"] = blockTimes.TryGetValue(number, out var time)
                    ? new JsonObject
                    {
                        ["number"] = (string)parameters[0]!,
                        ["hash"] = "0x" + new string('b', 64),
                        ["timestamp"] = "0x" + time.ToString("x", CultureInfo.InvariantCulture),
                        ["transactions"] = new JsonArray(),
                    }
                    : null;
                break;
            default:
                answer["error"] = new JsonObject { ["code"] = -32601, ["message"] = "the method does not exist" };
                break;
        }

        return Results.Text(answer.ToJsonString(), "application/json");
    }

    private JsonArray GetLogs(JsonObject filter)
    {
        var from = Quantity((string)filter["fromBlock"]!);
        var to = Quantity((string)filter["toBlock"]!);
        var addresses = filter["address"] switch
        {
            JsonArray array => array.Select(a => (string)a!).ToHashSet(StringComparer.OrdinalIgnoreCase),
            JsonValue one => [(string)one!],
            _ => [],
        };
        return new JsonArray([.. logs
            .Select(l => l!.AsObject())
            .Where(l => Quantity((string)l["blockNumber"]!) is var block && block >= from && block <= to)
            .Where(l => addresses.Count == 0 || addresses.Contains((string)l["address"]!))
            .Select(l => l.DeepClone())]);
    }

    private static ulong Quantity(string hex) => ulong.Parse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
