using System.Text;
using Nethereum.Util;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// Decodes ERC-20 Transfer/Approval, ERC-721 Transfer and Uniswap V2 Swap logs by the Solidity ABI rules: an indexed
/// address is a topic holding the address right-aligned in 32 bytes; unindexed arguments are consecutive 32-byte
/// words of data. ERC-20 and ERC-721 Transfer share topic0; ERC-20 indexes from and to (3 topics, one data word),
/// ERC-721 also indexes the token id (4 topics, empty data).
/// </summary>
public static class EvmLogDecoder
{
    private const int AddressPaddingChars = 24;

    public static DecodedLogs Decode(IEnumerable<EvmLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var addresses = new ChecksumCache();
        var transfers = new List<TokenTransfer>();
        var approvals = new List<TokenApproval>();
        var nftTransfers = new List<NftTransfer>();
        var swaps = new List<PairSwap>();
        var seen = new HashSet<(string Transaction, ulong Index)>();
        int total = 0, removed = 0, unknown = 0, misshapen = 0, duplicates = 0;
        foreach (var log in logs)
        {
            total++;
            if (log.Removed)
            {
                removed++;
                continue;
            }

            // A transaction hash and log index name one log: a repeat would count its event twice.
            if (!seen.Add((log.TransactionHash.ToLowerInvariant(), log.LogIndex)))
            {
                duplicates++;
                continue;
            }

            var topic0 = log.Topics.Count > 0 ? log.Topics[0] : null;
            var words = DataWords(log.Data);
            var topics = log.Topics.Count;
            if (topic0 == EventSignatures.Transfer)
            {
                if (topics == 3 && words == 1 && TryAddresses(log, addresses, out var from, out var to))
                {
                    transfers.Add(new TokenTransfer(addresses.Get(log.Address.AsSpan(2)), from, to, Hex.Word(log.Data, 0), At(log)));
                }
                else if (topics == 4 && words == 0 && TryAddresses(log, addresses, out from, out to))
                {
                    nftTransfers.Add(new NftTransfer(addresses.Get(log.Address.AsSpan(2)), from, to, Hex.Word(log.Topics[3], 0), At(log)));
                }
                else
                {
                    misshapen++;
                }
            }
            else if (topic0 == EventSignatures.Approval)
            {
                if (topics == 3 && words == 1 && TryAddresses(log, addresses, out var owner, out var spender))
                {
                    approvals.Add(new TokenApproval(addresses.Get(log.Address.AsSpan(2)), owner, spender, Hex.Word(log.Data, 0), At(log)));
                }
                else if (topics == 4 && words == 0)
                {
                    unknown++;
                }
                else
                {
                    misshapen++;
                }
            }
            else if (topic0 == EventSignatures.UniswapV2Swap)
            {
                if (topics == 3 && words == 4 && TryAddresses(log, addresses, out var sender, out var to))
                {
                    swaps.Add(new PairSwap(
                        addresses.Get(log.Address.AsSpan(2)),
                        sender,
                        to,
                        Hex.Word(log.Data, 0),
                        Hex.Word(log.Data, 1),
                        Hex.Word(log.Data, 2),
                        Hex.Word(log.Data, 3),
                        At(log)));
                }
                else
                {
                    misshapen++;
                }
            }
            else
            {
                unknown++;
            }
        }

        return new DecodedLogs(
            transfers,
            approvals,
            nftTransfers,
            swaps,
            new DecodeSummary(total, transfers.Count, approvals.Count, nftTransfers.Count, swaps.Count, removed, unknown, misshapen, duplicates));
    }

    private static EventLocation At(EvmLog log) => new(log.BlockNumber, log.TransactionHash, log.LogIndex, log.BlockTimestamp);

    /// <summary>The number of whole 32-byte words in data, or -1 when its length is not a multiple of 32 bytes.</summary>
    private static int DataWords(string data)
    {
        var chars = data.Length - 2;
        return chars % Hex.WordChars == 0 ? chars / Hex.WordChars : -1;
    }

    /// <summary>Topics 1 and 2 as addresses; false when either has bits above the low 20 bytes, which no ABI encoder writes.</summary>
    private static bool TryAddresses(EvmLog log, ChecksumCache addresses, out string first, out string second)
    {
        first = second = "";
        if (!IsPaddedAddress(log.Topics[1]) || !IsPaddedAddress(log.Topics[2]))
        {
            return false;
        }

        first = addresses.Get(log.Topics[1].AsSpan(2 + AddressPaddingChars));
        second = addresses.Get(log.Topics[2].AsSpan(2 + AddressPaddingChars));
        return true;
    }

    private static bool IsPaddedAddress(string topic) => !topic.AsSpan(2, AddressPaddingChars).ContainsAnyExcept('0');

    /// <summary>
    /// EIP-55 checksumming: a hex letter is upper-case when the matching nibble of keccak-256 of the lower-case hex
    /// address is 8 or more. It hashes every address, and a busy address recurs in thousands of logs, so each is
    /// hashed once per decode.
    /// </summary>
    private sealed class ChecksumCache
    {
        private readonly Dictionary<string, string> checksummed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> bySpan;

        public ChecksumCache() => bySpan = checksummed.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <param name="lowerCaseHex">The 40 hex digits of an address, lower-case, without 0x.</param>
        public string Get(ReadOnlySpan<char> lowerCaseHex)
        {
            if (!bySpan.TryGetValue(lowerCaseHex, out var address))
            {
                address = Checksum(lowerCaseHex);
                bySpan[lowerCaseHex] = address;
            }

            return address;
        }

        private static string Checksum(ReadOnlySpan<char> lowerCaseHex)
        {
            var hash = Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(lowerCaseHex.ToArray()));
            Span<char> address = stackalloc char[2 + lowerCaseHex.Length];
            address[0] = '0';
            address[1] = 'x';
            for (var i = 0; i < lowerCaseHex.Length; i++)
            {
                var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
                address[2 + i] = nibble >= 8 ? char.ToUpperInvariant(lowerCaseHex[i]) : lowerCaseHex[i];
            }

            return new string(address);
        }
    }
}
