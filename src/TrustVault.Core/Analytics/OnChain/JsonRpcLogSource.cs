using System.Collections.Concurrent;
using System.Text.Json;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Newtonsoft.Json.Linq;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>The Ethereum node failed or answered something that is not eth_getLogs output: an upstream fault, not bad input.</summary>
public sealed class OnChainSourceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads logs from an Ethereum node over JSON-RPC (Nethereum): eth_getLogs per slice of
/// <see cref="OnChainOptions.BlocksPerRequest"/> blocks, then eth_getBlockByNumber for the blocks whose logs came
/// without blockTimestamp (older nodes omit it). One instance per node: it holds the HTTP connections.
/// </summary>
public sealed class JsonRpcLogSource : IEvmLogSource
{
    private readonly Web3 web3;
    private readonly OnChainOptions options;

    public JsonRpcLogSource(OnChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("OnChain:RpcUrl must be the http(s) URL of an Ethereum JSON-RPC endpoint.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfZero(options.BlocksPerRequest, nameof(options.BlocksPerRequest));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLogs, 1, nameof(options.MaxLogs));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimestampRequestsInParallel, 1, nameof(options.TimestampRequestsInParallel));
        this.options = options;
        web3 = new Web3(url.ToString());
    }

    public async Task<IReadOnlyList<EvmLog>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate(options.MaxBlockRange);
        var logs = new List<EvmLog>();
        for (var from = query.FromBlock; from <= query.ToBlock; from += options.BlocksPerRequest)
        {
            var to = query.ToBlock - from < options.BlocksPerRequest ? query.ToBlock : from + options.BlocksPerRequest - 1;
            logs.AddRange(await GetSliceAsync(from, to, query.Addresses, options.MaxLogs - logs.Count, cancellationToken));
            if (to == query.ToBlock)
            {
                break;
            }
        }

        var timestamps = await GetTimestampsAsync(logs.Where(l => l.BlockTimestamp is null).Select(l => l.BlockNumber).Distinct(), cancellationToken);
        return logs
            .Select(l => l.BlockTimestamp is null ? l with { BlockTimestamp = timestamps[l.BlockNumber] } : l)
            .OrderBy(l => l.BlockNumber)
            .ThenBy(l => l.LogIndex)
            .ToList();
    }

    private async Task<IReadOnlyList<EvmLog>> GetSliceAsync(ulong from, ulong to, IReadOnlyList<string>? addresses, int maxLogs, CancellationToken cancellationToken)
    {
        var filter = new NewFilterInput
        {
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Address = addresses is { Count: > 0 } ? [.. addresses] : null,
        };
        var result = await CallAsync(
            $"eth_getLogs for blocks {from} to {to}",
            () => web3.Client.SendRequestAsync<JArray>(web3.Eth.Filters.GetLogs.BuildRequest(filter)),
            cancellationToken);
        if (result is null)
        {
            throw new OnChainSourceException($"The node answered eth_getLogs for blocks {from} to {to} with no result.");
        }

        if (result.Count > maxLogs)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"The range holds more than {options.MaxLogs:N0} logs; ask for fewer blocks or contracts.");
        }

        if (result.Count == 0)
        {
            return [];
        }

        try
        {
            return EvmLogJson.Parse(result.ToString(Newtonsoft.Json.Formatting.None), result.Count, "result");
        }
        catch (EvmLogFormatException e)
        {
            throw new OnChainSourceException($"The node's eth_getLogs answer for blocks {from} to {to} is malformed: {e.Message}", e);
        }
    }

    private async Task<Dictionary<ulong, DateTimeOffset>> GetTimestampsAsync(IEnumerable<ulong> blocks, CancellationToken cancellationToken)
    {
        var timestamps = new ConcurrentDictionary<ulong, DateTimeOffset>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.TimestampRequestsInParallel, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(blocks, parallel, async (number, ct) =>
        {
            var block = await CallAsync(
                $"eth_getBlockByNumber for block {number}",
                () => web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number)),
                ct);
            if (block?.Timestamp is null)
            {
                throw new OnChainSourceException($"The node does not know block {number}, which its own logs name.");
            }

            if (block.Timestamp.Value < 0 || block.Timestamp.Value > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                throw new OnChainSourceException($"The node gave block {number} the impossible timestamp {block.Timestamp.Value}.");
            }

            timestamps[number] = DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
        });
        return new Dictionary<ulong, DateTimeOffset>(timestamps);
    }

    /// <summary>Nethereum's calls take no cancellation token; the wait for them does.</summary>
    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        catch (RpcResponseException e)
        {
            throw new OnChainSourceException($"The node refused {what}: {e.RpcError.Message} (code {e.RpcError.Code}).", e);
        }
        catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or JsonException or Newtonsoft.Json.JsonException)
        {
            throw new OnChainSourceException($"The node could not be reached or answered garbage for {what}: {e.Message}", e);
        }
    }
}
