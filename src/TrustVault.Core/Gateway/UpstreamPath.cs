namespace TrustVault.Core.Gateway;

/// <summary>
/// Whether the path of a gateway call stays under the listing's upstream base path. The server has decoded it once and
/// removed plain dot segments; what remains can still climb when the upstream, or a server or framework behind it,
/// decodes it again (<c>%252e%252e</c>, <c>..%2F</c>) or takes a backslash for a slash (<c>..%5C</c>, as IIS and
/// Windows file APIs do).
/// </summary>
public static class UpstreamPath
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
}
