using System.Numerics;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// One pair's traded volume in one UTC hour, in base units of its token0 and token1. A Uniswap V2 swap may both
/// take and give the same token (flash swaps), so a token's volume is what went in plus what came out.
/// </summary>
public sealed record PairHourVolume(string Pair, DateTimeOffset Hour, BigInteger Amount0, BigInteger Amount1, int Swaps);

public static class DexVolume
{
    /// <summary>Volume per pair contract and UTC hour, sorted by pair then hour; every swap needs its block's timestamp.</summary>
    public static IReadOnlyList<PairHourVolume> PerPairPerHour(IEnumerable<PairSwap> swaps)
    {
        ArgumentNullException.ThrowIfNull(swaps);
        var volumes = new Dictionary<(string Pair, DateTimeOffset Hour), (BigInteger Amount0, BigInteger Amount1, int Swaps)>();
        foreach (var swap in swaps)
        {
            if (swap.At.Timestamp is not { } timestamp)
            {
                throw new ArgumentException(
                    $"The swap in block {swap.At.BlockNumber} (transaction {swap.At.TransactionHash}, log {swap.At.LogIndex}) has no block timestamp; "
                    + "upload logs with blockTimestamp, or read them through the JSON-RPC source, which fetches the blocks' times.",
                    nameof(swaps));
            }

            var hour = new DateTimeOffset(timestamp.UtcTicks - (timestamp.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            var key = (swap.Pair, hour);
            var current = volumes.GetValueOrDefault(key);
            volumes[key] = (
                current.Amount0 + swap.Amount0In + swap.Amount0Out,
                current.Amount1 + swap.Amount1In + swap.Amount1Out,
                current.Swaps + 1);
        }

        return volumes
            .Select(v => new PairHourVolume(v.Key.Pair, v.Key.Hour, v.Value.Amount0, v.Value.Amount1, v.Value.Swaps))
            .OrderBy(v => v.Pair, StringComparer.Ordinal)
            .ThenBy(v => v.Hour)
            .ToList();
    }
}
