namespace TrustVault.Core.Analytics.OnChain;

/// <summary>What to look for. Decimals and thresholds are per token contract; unlisted tokens have 18 decimals.</summary>
public sealed record OnChainAnalysisOptions(WhaleThreshold WhaleThreshold, TokenDecimals? Decimals = null, int TopHolders = 10);

public sealed record OnChainReport(
    DecodeSummary Decoding,
    IReadOnlyList<AddressFlow> Flows,
    IReadOnlyList<TokenTopHolders> TopHolders,
    IReadOnlyList<WhaleTransfer> Whales,
    IReadOnlyList<PairHourVolume> PairVolumes,
    int SwapCount);

/// <summary>Decodes logs and runs every analysis on them: the one call an endpoint needs.</summary>
public static class OnChainAnalyzer
{
    public static OnChainReport Analyze(IEnumerable<EvmLog> logs, OnChainAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TopHolders, 1, nameof(options.TopHolders));
        var decoded = EvmLogDecoder.Decode(logs);
        var flows = TokenFlows.PerAddress(decoded.Transfers);
        return new OnChainReport(
            decoded.Summary,
            flows,
            TokenFlows.TopHoldersByNetFlow(flows, options.TopHolders),
            TokenFlows.Whales(decoded.Transfers, options.WhaleThreshold, options.Decimals ?? TokenDecimals.Default),
            DexVolume.PerPairPerHour(decoded.Swaps),
            decoded.Swaps.Count);
    }
}
