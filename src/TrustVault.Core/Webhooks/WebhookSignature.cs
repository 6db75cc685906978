using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrustVault.Core.Webhooks;

/// <summary>
/// Signs deliveries as <c>TrustVault-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, where the HMAC key is
/// the whole endpoint secret (<c>whsec_…</c>, UTF-8) and the message is <c>"&lt;t&gt;.&lt;raw body&gt;"</c> (Stripe's scheme).
/// Receivers recompute it over the raw body, compare in constant time and refuse an old <c>t</c>, so a
/// captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>How old a signed timestamp <see cref="Verify"/> accepts by default.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    public static string NewSecret() =>
        SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Create(string secret, long timestamp, string body) =>
        string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Hmac(secret, timestamp, body)}");

    /// <summary>True when <paramref name="header"/> holds a v1 signature of <paramref name="body"/> made within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        long? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signatures.Add(part[3..]);
            }
        }

        if (timestamp is not { } signedAt || Math.Abs(now.ToUnixTimeSeconds() - signedAt) > (tolerance ?? DefaultTolerance).TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Hmac(secret, signedAt, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
    }

    private static string Hmac(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{body}"))));
}
