namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// The demo dataset shipped in this assembly: about three hours of a Uniswap V2 USDC/WETH pair on mainnet-shaped
/// logs (USDC and WETH transfers, approvals, the pair's Swap and Sync events, a few NFT transfers), synthetic but
/// ABI-encoded exactly as a node returns them, with blockTimestamp.
/// </summary>
public static class OnChainDemo
{
    public const string Name = "uniswap-v2-usdc-weth";

    /// <summary>USDC (6 decimals) and WETH (18) as deployed on Ethereum mainnet; the demo uses their real addresses.</summary>
    public static IReadOnlyDictionary<string, int> Decimals { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"] = 6,
        ["0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"] = 18,
    };

    public static Stream OpenJson() =>
        typeof(OnChainDemo).Assembly.GetManifestResourceStream($"{typeof(OnChainDemo).Namespace}.Fixtures.{Name}.json")
        ?? throw new InvalidOperationException($"The demo fixture {Name}.json is not embedded in {typeof(OnChainDemo).Assembly.GetName().Name}.");

    public static async Task<IReadOnlyList<EvmLog>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var json = OpenJson();
        return await EvmLogJson.ReadAsync(json, int.MaxValue, cancellationToken);
    }
}
