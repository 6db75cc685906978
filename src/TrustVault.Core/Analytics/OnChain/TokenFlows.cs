using System.Numerics;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>One address's movement of one token over the logs read: <paramref name="Net"/> = In − Out, in base units.</summary>
public sealed record AddressFlow(string Token, string Address, BigInteger In, BigInteger Out, BigInteger Net, int TransfersIn, int TransfersOut);

/// <summary>The addresses of one token that gained the most over the logs read, largest net inflow first.</summary>
public sealed record TokenTopHolders(string Token, IReadOnlyList<AddressFlow> Holders);

/// <summary>A transfer at or above the whale threshold; <paramref name="Units"/> is its exact value in token units.</summary>
public sealed record WhaleTransfer(TokenTransfer Transfer, string Units);

/// <summary>
/// Token flows from decoded ERC-20 transfers. Mints come from and burns go to the zero address, which therefore
/// shows the supply change as its negated net flow; it is kept, as any other address, so totals balance.
/// </summary>
public static class TokenFlows
{
    /// <summary>In, out and net per token and address; sorted by token, then largest net first, then address.</summary>
    public static IReadOnlyList<AddressFlow> PerAddress(IEnumerable<TokenTransfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        var flows = new Dictionary<(string Token, string Address), Accumulator>();
        foreach (var transfer in transfers)
        {
            Get(flows, (transfer.Token, transfer.From)).AddOut(transfer.Value);
            Get(flows, (transfer.Token, transfer.To)).AddIn(transfer.Value);
        }

        return flows
            .Select(f => new AddressFlow(f.Key.Token, f.Key.Address, f.Value.In, f.Value.Out, f.Value.In - f.Value.Out, f.Value.CountIn, f.Value.CountOut))
            .OrderBy(f => f.Token, StringComparer.Ordinal)
            .ThenByDescending(f => f.Net)
            .ThenBy(f => f.Address, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Per token, the <paramref name="count"/> addresses with the largest positive net flow: who accumulated the
    /// token over the window (a balance needs the state before it, which logs alone do not give).
    /// </summary>
    public static IReadOnlyList<TokenTopHolders> TopHoldersByNetFlow(IEnumerable<AddressFlow> flows, int count)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return flows
            .Where(f => f.Net.Sign > 0)
            .GroupBy(f => f.Token, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TokenTopHolders(
                g.Key,
                g.OrderByDescending(f => f.Net).ThenBy(f => f.Address, StringComparer.Ordinal).Take(count).ToList()))
            .ToList();
    }

    /// <summary>Transfers of at least the threshold (in token units, compared exactly in base units); per token, largest first.</summary>
    public static IReadOnlyList<WhaleTransfer> Whales(IEnumerable<TokenTransfer> transfers, WhaleThreshold threshold, TokenDecimals decimals)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(decimals);
        var baseUnitThresholds = new Dictionary<string, BigInteger>(StringComparer.OrdinalIgnoreCase);
        var whales = new List<WhaleTransfer>();
        foreach (var transfer in transfers)
        {
            if (!baseUnitThresholds.TryGetValue(transfer.Token, out var minimum))
            {
                minimum = TokenUnits.CeilingToBaseUnits(threshold.For(transfer.Token), decimals.For(transfer.Token));
                baseUnitThresholds.Add(transfer.Token, minimum);
            }

            if (transfer.Value >= minimum)
            {
                whales.Add(new WhaleTransfer(transfer, TokenUnits.Format(transfer.Value, decimals.For(transfer.Token))));
            }
        }

        return whales
            .OrderBy(w => w.Transfer.Token, StringComparer.Ordinal)
            .ThenByDescending(w => w.Transfer.Value)
            .ThenBy(w => w.Transfer.At.BlockNumber)
            .ThenBy(w => w.Transfer.At.LogIndex)
            .ToList();
    }

    private static Accumulator Get(Dictionary<(string, string), Accumulator> flows, (string, string) key)
    {
        if (!flows.TryGetValue(key, out var accumulator))
        {
            accumulator = new Accumulator();
            flows.Add(key, accumulator);
        }

        return accumulator;
    }

    private sealed class Accumulator
    {
        public BigInteger In { get; private set; }

        public BigInteger Out { get; private set; }

        public int CountIn { get; private set; }

        public int CountOut { get; private set; }

        public void AddIn(BigInteger value)
        {
            In += value;
            CountIn++;
        }

        public void AddOut(BigInteger value)
        {
            Out += value;
            CountOut++;
        }
    }
}
