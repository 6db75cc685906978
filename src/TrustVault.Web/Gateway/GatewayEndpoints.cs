using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The app's endpoints under /gw, for the two questions routing does not answer: which methods a first-party listing
/// serves at a path it routed to the catch-all (for 405), and which endpoint takes a Try it call, which is sent
/// in-process without passing the routing middleware.
/// </summary>
internal sealed class GatewayEndpoints(EndpointDataSource endpoints)
{
    /// <summary>The methods of the first-party endpoints whose route pattern matches <paramref name="path"/>.</summary>
    public IReadOnlyList<string> FirstPartyMethods(PathString path) =>
        [.. Matching(path).Where(m => m.Route.IsFirstParty).SelectMany(m => Methods(m.Endpoint)).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The media types the first-party endpoint of the path and method takes a body in; empty when it names none.</summary>
    public IReadOnlyList<string> FirstPartyContentTypes(string method, PathString path) =>
        [.. Matching(path).Where(m => m.Route.IsFirstParty && Methods(m.Endpoint).Contains(method, StringComparer.OrdinalIgnoreCase))
            .SelectMany(m => m.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The first-party endpoint for the path and method, as routing picks it over the catch-all; else the catch-all.</summary>
    public (RouteEndpoint Endpoint, GatewayRoute Route, RouteValueDictionary Values) Find(string method, PathString path)
    {
        var matching = Matching(path).ToList();
        return matching.FirstOrDefault(m => m.Route.IsFirstParty && Methods(m.Endpoint).Contains(method, StringComparer.OrdinalIgnoreCase)) is { Endpoint: not null } own
            ? own
            : matching.Single(m => !m.Route.IsFirstParty);
    }

    private IEnumerable<(RouteEndpoint Endpoint, GatewayRoute Route, RouteValueDictionary Values)> Matching(PathString path)
    {
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            RouteValueDictionary values = [];
            if (endpoint.Metadata.GetMetadata<GatewayRoute>() is { } route && new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), []).TryMatch(path, values))
            {
                yield return (endpoint, route, values);
            }
        }
    }

    private static IEnumerable<string> Methods(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
}
