using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace TrustVault.Core.Catalog;

/// <summary>
/// The signature the gateway puts on every forwarded call so an upstream can tell it came through
/// TrustVault: hex HMAC-SHA256, keyed with the listing's signing secret, over
/// <c>{timestamp}\n{METHOD}\n{path and query}\n{request id}</c>, where timestamp is Unix seconds
/// (header X-TrustVault-Timestamp). Upstreams should also refuse timestamps older than a few minutes.
/// </summary>
public static class UpstreamSignature
{
    public const string SignatureHeader = "X-TrustVault-Signature";
    public const string TimestampHeader = "X-TrustVault-Timestamp";
    public const string SubscriptionHeader = "X-TrustVault-Subscription";
    public const string RequestIdHeader = "X-TrustVault-Request-Id";

    // Unix seconds as digits (a long has at most 20 characters) and the three line breaks.
    private const int FixedPayloadBytes = 20 + 3;

    /// <remarks>
    /// Key and payload are encoded into one pooled buffer and the hash onto the stack: the gateway signs every forwarded
    /// call, and the payload's string and the two byte arrays were three allocations per call besides the hex answer.
    /// </remarks>
    public static string Compute(string signingSecret, long unixSeconds, string method, string pathAndQuery, string requestId)
    {
        var keyBytes = Encoding.UTF8.GetMaxByteCount(signingSecret.Length);
        var payloadBytes = FixedPayloadBytes + Encoding.UTF8.GetMaxByteCount(method.Length + pathAndQuery.Length + requestId.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(keyBytes + payloadBytes);
        try
        {
            var key = buffer.AsSpan(0, Encoding.UTF8.GetBytes(signingSecret, buffer));
            var rest = buffer.AsSpan(key.Length);
            // ToUpperInvariant returns the method itself when it is upper case already, as HTTP methods nearly always are.
            if (!Utf8.TryWrite(rest, CultureInfo.InvariantCulture, $"{unixSeconds}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{requestId}", out var written))
            {
                throw new InvalidOperationException("The signature's payload did not fit its buffer.");
            }

            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, rest[..written], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            // The secret does not stay behind in the shared pool.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, keyBytes));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
