using System.Text.RegularExpressions;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Catalog.Snippets;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Components.Shared;

/// <summary>What the Try it panel's fields hold for the chosen endpoint, prefilled from the listing's OpenAPI examples.</summary>
public sealed partial class TryItForm
{
    public TryItForm(ListingEndpoint endpoint)
    {
        Endpoint = endpoint;
        var declared = endpoint.Parameters.Where(p => p.In is "path" or "query" || (p.In == "header" && GatewayHeaders.IsFilledIn(p.Name))).ToList();
        // A path's {name} that its document does not declare still needs a value to be called: a field of its own.
        var undeclared = PathTemplate().Matches(endpoint.Path).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)
            .Where(name => !declared.Any(p => p.In == "path" && p.Name == name))
            .Select(name => new EndpointParameter { Name = name, In = "path", Required = true, Type = "string" });
        Parameters = [.. declared, .. undeclared];
        UnsentHeaders = [.. endpoint.Parameters.Where(p => p.In == "header" && !GatewayHeaders.IsFilledIn(p.Name) && !GatewayHeaders.SetByClient.Contains(p.Name)).Select(p => p.Name)];
        foreach (var parameter in Parameters)
        {
            Values[TryItParameter.Of(parameter)] = EndpointExamples.Value(parameter.Example) ?? "";
        }

        (Body, ContentType) = EndpointExamples.Body(endpoint);
    }

    public ListingEndpoint Endpoint { get; }

    /// <summary>Path, query and header parameter values by location and name.</summary>
    public Dictionary<TryItParameter, string> Values { get; } = [];

    public string Body { get; set; }

    public string ContentType { get; set; }

    public bool HasBody => EndpointExamples.HasBody(Endpoint);

    /// <summary>
    /// The path and query parameters, those the path names without declaring them included, and the header parameters
    /// the gateway forwards.
    /// </summary>
    public IReadOnlyList<EndpointParameter> Parameters { get; }

    /// <summary>Header parameters the endpoint declares that the gateway does not forward to the upstream, for any client.</summary>
    public IReadOnlyList<string> UnsentHeaders { get; }

    public TryItRequest ToRequest(string slug, string apiKey) => new(
        slug,
        Endpoint.Method,
        Endpoint.Path,
        apiKey,
        ValuesIn("path", StringComparer.Ordinal),
        ValuesIn("query", StringComparer.Ordinal),
        HasBody ? Body : null,
        HasBody ? ContentType : null,
        ValuesIn("header", StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The call these fields make, as code shows it: the request Try it sends (values trimmed, empty optional query
    /// and header parameters left out), a missing value named as a placeholder to fill in.
    /// </summary>
    public SnippetRequest ToSnippet(string slug) => new(
        slug,
        Endpoint.Method,
        SnippetRequest.FillPath(Endpoint.Path, ValuesIn("path", StringComparer.Ordinal), Placeholder),
        Sent("query"),
        Sent("header"),
        HasBody ? Body : null,
        HasBody ? ContentType : null);

    private Dictionary<string, string> ValuesIn(string location, StringComparer names) =>
        Parameters.Where(p => p.In == location).ToDictionary(p => p.Name, Value, names);

    private List<KeyValuePair<string, string>> Sent(string location) => Parameters
        .Where(p => p.In == location && (p.Required || !string.IsNullOrWhiteSpace(Value(p))))
        .Select(p => KeyValuePair.Create(p.Name, Value(p).Trim() is { Length: > 0 } value ? value : Placeholder(p.Name)))
        .ToList();

    private string Value(EndpointParameter parameter) => Values.GetValueOrDefault(TryItParameter.Of(parameter)) ?? "";

    private static string Placeholder(string name) => $"YOUR_{name.ToUpperInvariant()}";

    [GeneratedRegex(@"\{([^{}/]+)\}")]
    private static partial Regex PathTemplate();
}
