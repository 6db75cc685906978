namespace TrustVault.Core.Analytics.OnChain;

/// <summary>Decimals per token contract (any address case); tokens not listed have <see cref="TokenUnits.DefaultDecimals"/>.</summary>
public sealed class TokenDecimals
{
    private readonly Dictionary<string, int> perToken;

    public TokenDecimals(IReadOnlyDictionary<string, int>? perToken = null)
    {
        this.perToken = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (token, decimals) in perToken ?? new Dictionary<string, int>())
        {
            TokenUnits.CheckDecimals(decimals, $"decimals[{token}]");
            this.perToken[token] = decimals;
        }
    }

    public static TokenDecimals Default { get; } = new();

    public int For(string token) => perToken.GetValueOrDefault(token, TokenUnits.DefaultDecimals);
}

/// <summary>
/// The size, in token units, from which a transfer counts as a whale transfer: one value for every token, and
/// optional values per token contract (1,000,000 USDC and 500 WETH are both large, and differ as numbers).
/// </summary>
public sealed class WhaleThreshold
{
    private readonly decimal units;
    private readonly Dictionary<string, decimal> perToken;

    public WhaleThreshold(decimal units, IReadOnlyDictionary<string, decimal>? perToken = null)
    {
        this.units = Positive(units, "whaleThreshold");
        this.perToken = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (token, value) in perToken ?? new Dictionary<string, decimal>())
        {
            this.perToken[token] = Positive(value, $"whaleThresholds[{token}]");
        }
    }

    public decimal For(string token) => perToken.GetValueOrDefault(token, units);

    private static decimal Positive(decimal value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "A whale threshold must be above 0 token units.");
}
