using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace TrustVault.Web.Gateway;

/// <summary>How the gateway writes the path of a forwarded call.</summary>
internal static class ForwardedPath
{
    /// <summary>
    /// The path after the slug as the client wrote it. The server decodes every escape but <c>%2F</c>, so the decoded path
    /// cannot tell a client's <c>a%2Fb</c> from its <c>a%252Fb</c>: encoded again, both reached the upstream as
    /// <c>a%252Fb</c>. The raw target is used where it decodes to exactly <paramref name="path"/> (no dot segments the server
    /// removed); otherwise the decoded path is encoded.
    /// </summary>
    public static string Escaped(HttpContext context, string path)
    {
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is ['/', ..] raw)
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            var target = query < 0 ? raw.AsSpan() : raw.AsSpan(0, query);

            // "/gw/{slug}/" precedes the path, each part perhaps escaped.
            var start = 0;
            for (var slashes = 0; slashes < 3 && start >= 0; slashes++)
            {
                var next = target[start..].IndexOf('/');
                start = next < 0 ? -1 : start + next + 1;
            }

            if (start >= 0)
            {
                var rest = target[start..];
                if (rest.SequenceEqual(path) || DecodedAsTheServerDoes(rest) == path)
                {
                    return rest.ToString();
                }
            }
        }

        return new PathString("/" + path).ToUriComponent()[1..];
    }

    private static string DecodedAsTheServerDoes(ReadOnlySpan<char> raw)
    {
        var decoded = new StringBuilder(raw.Length);
        for (var slash = raw.IndexOf("%2F", StringComparison.OrdinalIgnoreCase); slash >= 0; slash = raw.IndexOf("%2F", StringComparison.OrdinalIgnoreCase))
        {
            decoded.Append(Uri.UnescapeDataString(raw[..slash])).Append(raw.Slice(slash, 3));
            raw = raw[(slash + 3)..];
        }

        return decoded.Append(Uri.UnescapeDataString(raw)).ToString();
    }
}
