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
    private const int MaxKeyLength = 200;

    // A key's secret (43 characters) and a token's fit on the stack many times over.
    private const int StackBytes = 1024;
    private const string KeyIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string Prefix(bool isTest, string keyId) => (isTest ? TestPrefix : LivePrefix) + keyId;

    public static (string KeyId, string Secret, string Text) Create(bool isTest)
    {
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (keyId, secret, $"{Prefix(isTest, keyId)}_{secret}");
    }

    /// <remarks>The UTF-8 bytes go on the stack: the gateway hashes the presented secret of every call.</remarks>
    public static byte[] Hash(ReadOnlySpan<char> secret)
    {
        var length = Encoding.UTF8.GetMaxByteCount(secret.Length);
        Span<byte> utf8 = length <= StackBytes ? stackalloc byte[StackBytes] : new byte[length];
        return SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(secret, utf8)]);
    }

    /// <summary>
    /// Splits a presented key into its parts; false for anything not shaped like a key. The secret is a slice of
    /// <paramref name="text"/>, not a copy.
    /// </summary>
    public static bool TryParse(string? text, out bool isTest, out string keyId, out ReadOnlyMemory<char> secret)
    {
        isTest = false;
        keyId = "";
        secret = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxKeyLength)
        {
            return false;
        }

        int start;
        if (text.StartsWith(LivePrefix, StringComparison.Ordinal))
        {
            start = LivePrefix.Length;
        }
        else if (text.StartsWith(TestPrefix, StringComparison.Ordinal))
        {
            isTest = true;
            start = TestPrefix.Length;
        }
        else
        {
            return false;
        }

        var rest = text.AsMemory(start);
        if (rest.Length <= KeyIdLength + 1 || rest.Span[KeyIdLength] != '_')
        {
            return false;
        }

        keyId = rest[..KeyIdLength].ToString();
        secret = rest[(KeyIdLength + 1)..];
        return true;
    }

    /// <summary>Compares in time independent of where the hashes differ, so timing reveals nothing.</summary>
    public static bool Matches(byte[] storedHash, ReadOnlySpan<char> presentedSecret) =>
        CryptographicOperations.FixedTimeEquals(storedHash, Hash(presentedSecret));
}
