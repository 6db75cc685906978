using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace TrustVault.Web.Gateway;

/// <summary>
/// Whether the path of a gateway call stays under the listing's upstream base path. The server has decoded it once and
/// removed plain dot segments; what remains can still climb when the upstream, or a server or framework behind it,
/// decodes it again (<c>%252e%252e</c>, <c>..%2F</c>) or takes a backslash for a slash (<c>..%5C</c>, as IIS and
/// Windows file APIs do).
/// </summary>
internal static class ForwardedPath
{
    public static bool StaysUnderBase(string path)
    {
        // Decoded until nothing changes, since nobody knows how often the hops behind the upstream decode.
        var decoded = path;
        for (var next = Uri.UnescapeDataString(decoded); next != decoded; next = Uri.UnescapeDataString(decoded))
        {
            decoded = next;
        }

        if (decoded.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        // Segment by segment over the text itself: checked on every forwarded call, where splitting made an array and strings.
        foreach (var segment in decoded.AsSpan().Split('/'))
        {
            if (decoded.AsSpan(segment) is "." or "..")
            {
                return false;
            }
        }

        return true;
    }

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
