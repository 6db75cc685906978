namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// One EVM log as eth_getLogs returns it (Ethereum JSON-RPC specification, "eth_getLogs"), with hex strings
/// lower-cased. <paramref name="BlockTimestamp"/> is the optional field newer nodes add; null when absent.
/// </summary>
public sealed record EvmLog(
    string Address,
    IReadOnlyList<string> Topics,
    string Data,
    ulong BlockNumber,
    string TransactionHash,
    ulong LogIndex,
    bool Removed = false,
    DateTimeOffset? BlockTimestamp = null);
