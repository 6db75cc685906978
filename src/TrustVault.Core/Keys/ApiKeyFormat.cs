using System.Security.Cryptography;
using System.Text;

namespace TrustVault.Core.Keys;

/// <summary>
/// Key text: <c>tv_live_&lt;keyId&gt;_&lt;secret&gt;</c> or <c>tv_test_…</c>. The key id is 12 characters of a
/// lower-case alphabet; the secret is 32 random bytes, base64url. Only SHA-256 of the secret is kept:
/// with 256 bits of entropy a slow password hash adds nothing.
/// </summary>
public static class ApiKeyFormat
{
    public const string LivePrefix = "tv_live_";
    public const string TestPrefix = "tv_test_";
    private const int KeyIdLength = 12;
    private const string KeyIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string Prefix(bool isTest, string keyId) => (isTest ? TestPrefix : LivePrefix) + keyId;

    public static (string KeyId, string Secret, string Text) Create(bool isTest)
    {
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (keyId, secret, $"{Prefix(isTest, keyId)}_{secret}");
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Splits a presented key into its parts; false for anything not shaped like a key.</summary>
    public static bool TryParse(string? text, out bool isTest, out string keyId, out string secret)
    {
        isTest = false;
        keyId = secret = "";
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return false;
        }

        string rest;
        if (text.StartsWith(LivePrefix, StringComparison.Ordinal))
        {
            rest = text[LivePrefix.Length..];
        }
        else if (text.StartsWith(TestPrefix, StringComparison.Ordinal))
        {
            isTest = true;
            rest = text[TestPrefix.Length..];
        }
        else
        {
            return false;
        }

        if (rest.Length <= KeyIdLength + 1 || rest[KeyIdLength] != '_')
        {
            return false;
        }

        keyId = rest[..KeyIdLength];
        secret = rest[(KeyIdLength + 1)..];
        return true;
    }

    /// <summary>Compares in time independent of where the hashes differ, so timing reveals nothing.</summary>
    public static bool Matches(byte[] storedHash, string presentedSecret) =>
        CryptographicOperations.FixedTimeEquals(storedHash, Hash(presentedSecret));
}
