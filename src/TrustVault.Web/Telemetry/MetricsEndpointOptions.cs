using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace TrustVault.Web.Telemetry;

/// <summary>
/// Who may scrape /metrics (section "Telemetry:Metrics"): callers from <see cref="AllowedNetworks"/>, or any caller
/// that sends <see cref="Token"/> as a bearer token.
/// </summary>
public sealed class MetricsEndpointOptions
{
    public const string SectionName = "Telemetry:Metrics";

    public const int MinimumTokenLength = 16;

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>Networks in CIDR notation (e.g. "10.0.0.0/24") whose callers need no token; none listed: loopback only.</summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>A bearer token that admits a caller from anywhere; unset, only <see cref="AllowedNetworks"/> are admitted.</summary>
    public string? Token { get; set; }

    internal bool IsValid =>
        AllowedNetworks.All(n => IPNetwork.TryParse(n, out _)) && (Token is null || Token.Length >= MinimumTokenLength);

    /// <summary>
    /// Whether <paramref name="caller"/> is in an allowed network. Behind a reverse proxy this is the proxy's address
    /// unless Transport:KnownProxies names it, in which case it is the client's.
    /// </summary>
    public bool Allows(IPAddress? caller)
    {
        if (caller is null)
        {
            return false;
        }

        var address = caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller;
        var networks = AllowedNetworks.Count == 0 ? Loopback : AllowedNetworks.Select(n => IPNetwork.Parse(n));
        return networks.Any(n => n.Contains(address));
    }

    /// <summary>Whether <paramref name="presented"/> is the configured token, compared in constant time.</summary>
    public bool Accepts(string? presented) =>
        Token is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(Token)));
}
