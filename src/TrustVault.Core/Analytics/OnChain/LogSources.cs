namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// Which logs to read: an inclusive block range and, optionally, the emitting contracts (empty means any),
/// as in eth_getLogs' filter object.
/// </summary>
public sealed record LogQuery(ulong FromBlock, ulong ToBlock, IReadOnlyList<string>? Addresses = null)
{
    /// <summary>Throws when the range is reversed or longer than <paramref name="maxBlockRange"/>, or an address is not 20-byte hex.</summary>
    public void Validate(ulong maxBlockRange)
    {
        if (FromBlock > ToBlock)
        {
            throw new ArgumentException($"'fromBlock' ({FromBlock}) is after 'toBlock' ({ToBlock}).", nameof(FromBlock));
        }

        // ToBlock − FromBlock is the block count less one, which cannot overflow.
        if (ToBlock - FromBlock >= maxBlockRange)
        {
            throw new ArgumentOutOfRangeException(nameof(ToBlock), $"The range covers {(UInt128)(ToBlock - FromBlock) + 1:N0} blocks; ask for at most {maxBlockRange:N0}.");
        }

        for (var i = 0; i < (Addresses?.Count ?? 0); i++)
        {
            if (!Hex.IsData(Addresses![i], 20))
            {
                throw new ArgumentException($"addresses[{i}]: not a 20-byte hex address.", nameof(Addresses));
            }
        }
    }
}

/// <summary>Where logs come from: an uploaded eth_getLogs document or an Ethereum node.</summary>
public interface IEvmLogSource
{
    /// <summary>The logs in the query's range, in chain order (block, then log index).</summary>
    Task<IReadOnlyList<EvmLog>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// The on-chain engine's settings (section "OnChain"). <see cref="RpcUrl"/> is an Ethereum JSON-RPC endpoint; without
/// one only uploads can be analysed. Public nodes cap eth_getLogs ranges (often 1,000 to 10,000 blocks), so a query
/// is split into requests of <see cref="BlocksPerRequest"/> blocks.
/// </summary>
public sealed record OnChainOptions
{
    public string? RpcUrl { get; init; }

    public ulong MaxBlockRange { get; init; } = 50_000;

    public ulong BlocksPerRequest { get; init; } = 2_000;

    public int MaxLogs { get; init; } = 100_000;

    /// <summary>How many eth_getBlockByNumber requests for missing timestamps run at once.</summary>
    public int TimestampRequestsInParallel { get; init; } = 4;
}
