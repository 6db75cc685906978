using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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

    public static string Compute(string signingSecret, long unixSeconds, string method, string pathAndQuery, string requestId)
    {
        var payload = $"{unixSeconds.ToString(CultureInfo.InvariantCulture)}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{requestId}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes(payload)));
    }
}
