using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using TrustVault.Core.Analytics.OnChain;
using static TrustVault.Web.Api.FirstPartyRequests;

namespace TrustVault.Web.Api;

/// <summary>
/// The On-Chain Analytics API: one report (decoding summary, token flows, top holders by net flow, whale transfers,
/// DEX volume per pair and hour) over uploaded eth_getLogs output, the embedded demo, or the configured node.
/// </summary>
internal static class OnChainApi
{
    /// <summary>eth_getLogs entries are about 600 bytes: room for the default 100,000-log limit.</summary>
    public const int MaxUploadBytes = 64 * 1024 * 1024;

    public const decimal DefaultWhaleThreshold = 100_000;
    public const int DefaultTopHolders = 10;
    public const int MaxTopHolders = 1_000;

    private const string RpcExample = "{ \"fromBlock\": 19000000, \"toBlock\": 19000100, \"addresses\": [\"0x…\"] }";

    /// <summary>The whale sizes the demo fixture was generated with: 1,000,000 USDC and 500 WETH.</summary>
    private static readonly Dictionary<string, decimal> DemoWhaleThresholds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"] = 1_000_000m,
        ["0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"] = 500m,
    };

    /// <summary>
    /// The decimals of Ethereum mainnet's most traded tokens (each contract's decimals()); other tokens are counted with 18,
    /// EIP-20's common choice.
    /// </summary>
    private static readonly TokenDecimals KnownDecimals = new(new Dictionary<string, int>(OnChainDemo.Decimals, StringComparer.OrdinalIgnoreCase)
    {
        ["0xdAC17F958D2ee523a2206206994597C13D831ec7"] = 6, // USDT
        ["0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599"] = 8, // WBTC
        ["0x6B175474E89094C44Da98b954EedeAC495271d0F"] = 18, // DAI
    });

    /// <param name="Addresses">The contracts whose logs to read; left out, every contract's.</param>
    public sealed record RpcAnalyzeRequest(ulong? FromBlock, ulong? ToBlock, string[]? Addresses);

    private const string Tag = "Analysis";
    private const string AnalyzeSummary = "Decode eth_getLogs output into transfers and swaps: flows, top holders, whales, DEX volume";
    private const string DemoSummary = "The same report over a demo Uniswap V2 USDC/WETH dataset";
    private const string RpcSummary = "The same report over a block range read from an Ethereum node";
    private const string RpcDescription = "Answers 503 when this TrustVault has no Ethereum node configured (setting OnChain:RpcUrl).";
    private static readonly string LogsBodyDescription = $"An eth_getLogs JSON-RPC response, or its array of logs, up to {MaxUploadBytes / 1024 / 1024} MB.";

    private const string WhaleThresholdDescription =
        "Transfers of at least this many token units (not base units) are whales; default 100,000. Units use each token's decimals: " +
        "USDC and USDT 6, WBTC 8, WETH and DAI 18, any other token 18.";
    private const string TopHoldersDescription = "How many addresses to rank by net flow: 1 to 1,000, default 10.";

    /// <summary>A USDC and a WETH transfer of one Uniswap V2 swap, from the demo dataset.</summary>
    private const string ExampleLogs = """
        [
          {
            "address": "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
            "topics": [
              "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
              "0x0000000000000000000000006ba6ee5504edaeab45eaf6c266f3535045b4d5c8",
              "0x000000000000000000000000b4e16d0168e52d35cacd2c6185b44ac2e0c84a2f"
            ],
            "data": "0x000000000000000000000000000000000000000000000000000000004b41df85",
            "blockNumber": "0x12211e6",
            "blockHash": "0x7d25fa012f7497a5db78e0393a47c63e1c15b06b24e1a0a50f635cd029edd2c2",
            "blockTimestamp": "0x65a4f523",
            "transactionHash": "0xc355113bbfe445fa260fc25baa1dd8376f28ee6ca222dfccc19838e42a818e20",
            "transactionIndex": "0x39",
            "logIndex": "0x12a",
            "removed": false
          },
          {
            "address": "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2",
            "topics": [
              "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
              "0x000000000000000000000000b4e16d0168e52d35cacd2c6185b44ac2e0c84a2f",
              "0x0000000000000000000000006ba6ee5504edaeab45eaf6c266f3535045b4d5c8"
            ],
            "data": "0x00000000000000000000000000000000000000000000000006fcd5cb93fd1ba2",
            "blockNumber": "0x12211e6",
            "blockHash": "0x7d25fa012f7497a5db78e0393a47c63e1c15b06b24e1a0a50f635cd029edd2c2",
            "blockTimestamp": "0x65a4f523",
            "transactionHash": "0xc355113bbfe445fa260fc25baa1dd8376f28ee6ca222dfccc19838e42a818e20",
            "transactionIndex": "0x39",
            "logIndex": "0x12b",
            "removed": false
          }
        ]
        """;

    public static RouteGroupBuilder MapOnChainApi(this RouteGroupBuilder api)
    {
        api.MapPost("/v1/logs/analyze", AnalyzeAsync)
            .WithTags(Tag).WithSummary(AnalyzeSummary).Produces<OnChainReport>()
            .WithMetadata(new RequestExample("application/json", JsonNode.Parse(ExampleLogs)!, LogsBodyDescription))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapMethods("/v1/demo", [HttpMethods.Get, HttpMethods.Head], DemoAsync)
            .WithTags(Tag).WithSummary(DemoSummary).Produces<OnChainReport>();
        api.MapPost("/v1/rpc/analyze", RpcAnalyzeAsync)
            .WithTags(Tag).WithSummary(RpcSummary).WithDescription(RpcDescription).Produces<OnChainReport>()
            .WithMetadata(RequestExample.Json(new RpcAnalyzeRequest(19_000_000, 19_000_010, ["0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"])) with { Schema = typeof(RpcAnalyzeRequest) })
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    /// <summary>
    /// POST /v1/logs/analyze?whaleThreshold=100000&amp;topHolders=10 with an eth_getLogs response or array as the body,
    /// read here as a stream of logs rather than bound: an upload of 64 MB is never held as one JSON document.
    /// </summary>
    private static async Task<Results<JsonHttpResult<OnChainReport>, ProblemHttpResult>> AnalyzeAsync(
        HttpContext context, [Description(WhaleThresholdDescription), QueryType(JsonSchemaType.Number)] string? whaleThreshold,
        [Description(TopHoldersDescription), QueryType(JsonSchemaType.Integer)] string? topHolders, IOptions<OnChainOptions> options, CancellationToken cancellationToken)
    {
        var (settings, problem) = Settings(whaleThreshold, topHolders, demo: false);
        if (problem is not null)
        {
            return problem;
        }

        AllowBody(context, MaxUploadBytes);
        IReadOnlyList<EvmLog> logs;
        try
        {
            logs = await EvmLogJson.ReadAsync(new LimitedStream(context.Request.Body, MaxUploadBytes), options.Value.MaxLogs, cancellationToken);
        }
        catch (EvmLogFormatException e)
        {
            return Invalid($"'{e.Path}': {e.Problem}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem($"Send at most {MaxUploadBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }

        return Report(logs, settings!);
    }

    /// <summary>GET /v1/demo: the report over the embedded Uniswap V2 USDC/WETH fixture.</summary>
    private static async Task<Results<JsonHttpResult<OnChainReport>, ProblemHttpResult>> DemoAsync([Description(WhaleThresholdDescription), QueryType(JsonSchemaType.Number)] string? whaleThreshold,
        [Description(TopHoldersDescription), QueryType(JsonSchemaType.Integer)] string? topHolders, CancellationToken cancellationToken)
    {
        var (settings, problem) = Settings(whaleThreshold, topHolders, demo: true);
        return problem ?? Report(await OnChainDemo.LoadAsync(cancellationToken), settings!);
    }

    /// <summary>
    /// POST /v1/rpc/analyze: reads the block range from the Ethereum node in OnChain:RpcUrl. The body is read after the
    /// node and the settings are checked, so that an app without a node says so whatever the body.
    /// </summary>
    private static async Task<Results<JsonHttpResult<OnChainReport>, ProblemHttpResult>> RpcAnalyzeAsync(
        HttpContext context, [Description(WhaleThresholdDescription), QueryType(JsonSchemaType.Number)] string? whaleThreshold,
        [Description(TopHoldersDescription), QueryType(JsonSchemaType.Integer)] string? topHolders, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<JsonRpcLogSource>() is not { } node)
        {
            return TypedResults.Problem("This TrustVault has no Ethereum JSON-RPC node (setting OnChain:RpcUrl). Upload eth_getLogs output to /v1/logs/analyze instead.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "No Ethereum node configured");
        }

        var (settings, settingsProblem) = Settings(whaleThreshold, topHolders, demo: false);
        if (settingsProblem is not null)
        {
            return settingsProblem;
        }

        var request = await ReadJsonAsync<RpcAnalyzeRequest>(context, 64 * 1024, RpcExample);
        var problem = request switch
        {
            { FromBlock: null } => "'fromBlock' is required: the first block to read, as a number.",
            { ToBlock: null } => "'toBlock' is required: the last block to read (inclusive), as a number.",
            _ => null,
        };
        if (problem is not null)
        {
            return Invalid(problem);
        }

        IReadOnlyList<EvmLog> logs;
        try
        {
            logs = await node.GetLogsAsync(new LogQuery(request.FromBlock!.Value, request.ToBlock!.Value, request.Addresses), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Invalid(Describe(e));
        }
        catch (OnChainSourceException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "Ethereum node failed");
        }

        return Report(logs, settings!);
    }

    private static Results<JsonHttpResult<OnChainReport>, ProblemHttpResult> Report(IReadOnlyList<EvmLog> logs, OnChainAnalysisOptions settings)
    {
        try
        {
            return TypedResults.Json(OnChainAnalyzer.Analyze(logs, settings), Json);
        }
        catch (ArgumentException e)
        {
            // Swaps without block timestamps cannot be put in an hour: the body ($) lacks them.
            return Invalid(EngineProblem(e, _ => "$"));
        }
    }

    /// <summary>whaleThreshold (token units) and topHolders from the query string, or the 400 that names the bad one.</summary>
    private static (OnChainAnalysisOptions? Settings, ProblemHttpResult? Problem) Settings(string? whaleThreshold, string? topHolders, bool demo)
    {
        var threshold = DefaultWhaleThreshold;
        if (whaleThreshold is not null
            && (!decimal.TryParse(whaleThreshold, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out threshold) || threshold <= 0))
        {
            return (null, Invalid("'whaleThreshold' must be a positive number of token units (not base units), e.g. 100000."));
        }

        var holders = DefaultTopHolders;
        if (topHolders is not null
            && (!int.TryParse(topHolders, NumberStyles.None, CultureInfo.InvariantCulture, out holders) || holders is < 1 or > MaxTopHolders))
        {
            return (null, Invalid($"'topHolders' must be a whole number from 1 to {MaxTopHolders:N0}."));
        }

        // The demo's USDC and WETH whales are sized per token unless the caller asks for one threshold.
        var whales = demo && whaleThreshold is null ? new WhaleThreshold(threshold, DemoWhaleThresholds) : new WhaleThreshold(threshold);
        return (new OnChainAnalysisOptions(whales, KnownDecimals, holders), null);
    }
}
