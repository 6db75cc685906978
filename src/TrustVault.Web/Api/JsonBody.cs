using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace TrustVault.Web.Api;

/// <summary>
/// A first-party API's JSON request body as a handler parameter. Bound inside the endpoint, so after the gateway step
/// has checked the key and taken the quota; read with the first-party rules (<see cref="FirstPartyRequests.Json"/>), so a
/// misspelt field or a number sent as a string is refused with 400 naming it, and a body past the endpoint's
/// <see cref="IRequestSizeLimitMetadata"/> (10 MB without one) with 413.
/// </summary>
internal sealed record JsonBody<T>(T Value) : IEndpointParameterMetadataProvider
    where T : class
{
    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var limit = metadata?.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? FirstPartyRequests.MaxJsonBytes;
        return new(await FirstPartyRequests.ReadJsonAsync<T>(context, limit));
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));
}
