using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using TrustVault.Core.Analytics.OnChain;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Api;

/// <summary>Reading and refusing first-party API requests: size-limited JSON in, problem+json naming the field out.</summary>
internal static class FirstPartyRequests
{
    /// <summary>Web defaults (camelCase), with big integers as decimal strings (token amounts, Paillier numbers).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new BigIntegerJsonConverter() } };

    /// <summary>The JSON body as <typeparamref name="T"/>, or null after answering 400 (bad JSON) or 413 (past <paramref name="maxBytes"/>).</summary>
    /// <param name="example">A minimal valid body, shown when the body is missing or unreadable.</param>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context, long maxBytes, string example)
        where T : class
    {
        AllowBody(context, maxBytes);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(new LimitedStream(context.Request.Body, maxBytes), Json, context.RequestAborted);
            if (value is null)
            {
                await BadRequestAsync(context, $"Send a JSON body such as {example}.");
            }

            return value;
        }
        catch (JsonException e)
        {
            await BadRequestAsync(context, $"The body is not valid JSON for this request ({e.Message}). Send a body such as {example}.");
            return null;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context, maxBytes);
            return null;
        }
    }

    /// <summary>Lets Kestrel accept a body up to <paramref name="maxBytes"/> (its own default is 30 MB); <see cref="LimitedStream"/> enforces the limit.</summary>
    public static void AllowBody(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && limit.MaxRequestBodySize < maxBytes)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
    }

    public static Task BadRequestAsync(HttpContext context, string detail) =>
        GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static Task TooLargeAsync(HttpContext context, long maxBytes) =>
        GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Too large", $"Send at most {maxBytes / 1024 / 1024} MB.");

    /// <summary>A problem+json answer with extra members (RFC 9457 §3.2), for clients that act on them.</summary>
    public static Task ProblemAsync(HttpContext context, int status, string title, string detail, IDictionary<string, object?> extensions)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    /// <summary>"'epsilon': must be positive." from an engine's argument check, naming the parameter as the JSON does.</summary>
    public static string Describe(ArgumentException e)
    {
        var message = e.Message.Split('\n')[0].Trim();
        if (string.IsNullOrEmpty(e.ParamName))
        {
            return message;
        }

        var suffix = $" (Parameter '{e.ParamName}')";
        if (message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        return $"'{char.ToLowerInvariant(e.ParamName[0])}{e.ParamName[1..]}': {message}";
    }
}
