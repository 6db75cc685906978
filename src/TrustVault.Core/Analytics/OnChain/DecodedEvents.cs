using System.Numerics;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>Where an event happened. <paramref name="Timestamp"/> is the block's time, when known.</summary>
public sealed record EventLocation(ulong BlockNumber, string TransactionHash, ulong LogIndex, DateTimeOffset? Timestamp);

/// <summary>An ERC-20 Transfer; addresses are EIP-55 checksummed, <paramref name="Value"/> is in the token's base units.</summary>
public sealed record TokenTransfer(string Token, string From, string To, BigInteger Value, EventLocation At);

/// <summary>An ERC-20 Approval: <paramref name="Spender"/> may move up to <paramref name="Value"/> base units of the owner's tokens.</summary>
public sealed record TokenApproval(string Token, string Owner, string Spender, BigInteger Value, EventLocation At);

/// <summary>An ERC-721 Transfer of one token id.</summary>
public sealed record NftTransfer(string Collection, string From, string To, BigInteger TokenId, EventLocation At);

/// <summary>A Uniswap V2 pair's Swap; amounts are in the base units of the pair's token0 and token1.</summary>
public sealed record PairSwap(
    string Pair,
    string Sender,
    string To,
    BigInteger Amount0In,
    BigInteger Amount1In,
    BigInteger Amount0Out,
    BigInteger Amount1Out,
    EventLocation At);

/// <summary>
/// What the decoder did with each log: every log is counted once, in exactly one of the decoded lists or in
/// <paramref name="Removed"/> (dropped by a reorganisation), <paramref name="Unknown"/> (a topic0 not decoded here,
/// an ERC-721 Approval, or no topic), <paramref name="Misshapen"/> (a known topic0 with topics or data that fit
/// neither standard, e.g. a Transfer with every argument unindexed) or <paramref name="Duplicates"/> (a log whose
/// transaction hash and log index came earlier, as overlapping eth_getLogs pages repeat them).
/// </summary>
public sealed record DecodeSummary(int Logs, int Transfers, int Approvals, int NftTransfers, int Swaps, int Removed, int Unknown, int Misshapen, int Duplicates);

public sealed record DecodedLogs(
    IReadOnlyList<TokenTransfer> Transfers,
    IReadOnlyList<TokenApproval> Approvals,
    IReadOnlyList<NftTransfer> NftTransfers,
    IReadOnlyList<PairSwap> Swaps,
    DecodeSummary Summary);
