namespace TrustVault.Core.Catalog.Snippets;

/// <summary>
/// One call to a listing through the gateway, as code shows it: the method, the endpoint's path with its parameters
/// filled in (each value one escaped path segment), the query, the headers the endpoint declares and an optional body.
/// </summary>
public sealed record SnippetRequest(
    string Slug,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body = null,
    string? ContentType = null)
{
    /// <summary>The path and query as the SDKs take it, percent-encoded: <c>/v1/forecast?days=7</c>.</summary>
    public string PathAndQuery => Query.Count == 0
        ? Path
        : $"{Path}?{string.Join('&', Query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"))}";

    public bool HasBody => Body is not null;

    /// <summary>The body is JSON when its content type says so (or none is given) and it parses as JSON.</summary>
    public bool HasJsonBody => Body is not null
        && (ContentType is null || ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        && SnippetText.ParseJson(Body) is not null;

    /// <summary>
    /// An endpoint path template filled with values: each {name} becomes its value percent-encoded as one segment, or
    /// <paramref name="placeholder"/>'s text for it when the value is missing.
    /// </summary>
    public static string FillPath(string template, IReadOnlyDictionary<string, string> values, Func<string, string> placeholder)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is ['{', .. var name, '}'])
            {
                var value = values.GetValueOrDefault(name)?.Trim();
                segments[i] = Uri.EscapeDataString(string.IsNullOrEmpty(value) ? placeholder(name) : value);
            }
        }

        return string.Join('/', segments);
    }
}
