using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace TrustVault.Web.Api;

/// <summary>
/// A 200 JSON answer whose bytes were written before the endpoint returned: a result System.Text.Json refuses to write
/// (a non-finite number) is found while a 422 can still be answered, and the bytes checked are the bytes sent, so the
/// result is serialized once. Describes itself to endpoint metadata as <see cref="JsonHttpResult{TValue}"/> does.
/// </summary>
public sealed class SerializedJsonResult<T> : IResult, IValueHttpResult<T>, IValueHttpResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private readonly byte[] json;

    internal SerializedJsonResult(T value, byte[] json)
    {
        Value = value;
        this.json = json;
    }

    public T? Value { get; }

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        await httpContext.Response.Body.WriteAsync(json, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
}
