using System.Security.Cryptography;
using TrustVault.Core.Keys;

namespace TrustVault.Core.Identity;

/// <summary>
/// Token text: <c>tvp_&lt;tokenId&gt;_&lt;secret&gt;</c>, shaped like API keys (<see cref="ApiKeyFormat"/>) and hashed the same way,
/// with its own prefix so a token pasted in the wrong place is recognised (and secret scanners can tell the two apart).
/// </summary>
public static class PersonalAccessTokenFormat
{
    public const string Prefix = "tvp_";
    private const int TokenIdLength = 12;
    private const string TokenIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static (string TokenId, string Secret, string Text) Create()
    {
        var tokenId = RandomNumberGenerator.GetString(TokenIdAlphabet, TokenIdLength);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (tokenId, secret, $"{Prefix}{tokenId}_{secret}");
    }

    /// <summary>Splits a presented token into its parts; false for anything not shaped like one.</summary>
    public static bool TryParse(string? text, out string tokenId, out string secret)
    {
        tokenId = secret = "";
        if (string.IsNullOrEmpty(text) || text.Length > 200 || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text[Prefix.Length..];
        if (rest.Length <= TokenIdLength + 1 || rest[TokenIdLength] != '_')
        {
            return false;
        }

        tokenId = rest[..TokenIdLength];
        secret = rest[(TokenIdLength + 1)..];
        return true;
    }
}
