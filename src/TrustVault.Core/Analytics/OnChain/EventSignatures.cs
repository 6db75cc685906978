using Nethereum.Util;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// topic0 of the events decoded here: keccak-256 of the canonical signature (Solidity ABI specification, "Events").
/// ERC-20 (EIP-20) and ERC-721 (EIP-721) share the Transfer and Approval signatures and differ only in which
/// arguments are indexed; Swap is Uniswap V2's pair event (UniswapV2Pair.sol, the V2 core whitepaper §2).
/// </summary>
public static class EventSignatures
{
    public const string TransferSignature = "Transfer(address,address,uint256)";
    public const string ApprovalSignature = "Approval(address,address,uint256)";
    public const string SwapSignature = "Swap(address,uint256,uint256,uint256,uint256,address)";

    public static string Transfer { get; } = Topic(TransferSignature);

    public static string Approval { get; } = Topic(ApprovalSignature);

    public static string UniswapV2Swap { get; } = Topic(SwapSignature);

    /// <summary>The 0x-prefixed, lower-case keccak-256 of an event signature.</summary>
    public static string Topic(string signature) => "0x" + Sha3Keccack.Current.CalculateHash(signature);
}
