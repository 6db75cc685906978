using Microsoft.AspNetCore.Http.HttpResults;

namespace TrustVault.Web.Components.Account;

/// <summary>Which return URLs the account pages follow: paths on this app only; anything else sends the user home.</summary>
internal static class LocalReturnUrl
{
    /// <summary>
    /// Whether <paramref name="path"/>, relative to the app's base ("catalog/tides") or to the host
    /// ("/catalog/tides"), stays on this app. A scheme (https:, javascript:), another host (//host,
    /// /\host) or whitespace and control characters, which browsers and <see cref="Uri"/> strip
    /// before they resolve a URL, are refused.
    /// </summary>
    public static bool IsLocal(string path)
    {
        if (path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var schemeEnd = path.IndexOfAny([':', '/', '\\', '?', '#']);
        var namesScheme = schemeEnd >= 0 && path[schemeEnd] == ':';
        return !namesScheme && RedirectHttpResult.IsLocalUrl(path.StartsWith('/') ? path : "/" + path);
    }
}
