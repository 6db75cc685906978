using System.Security.Cryptography;
using System.Text;

namespace TrustVault.Core.Organizations;

/// <summary>Invitation tokens are random and only their SHA-256 is stored, so a database leak cannot accept invitations.</summary>
internal static class InvitationToken
{
    public static string Create() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
