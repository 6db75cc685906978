using Microsoft.AspNetCore.Diagnostics;

namespace TrustVault.Web.Errors;

/// <summary>
/// The problem+json of an API answer that was left without a body, for the status code pages to write: routing's refusals
/// (no route, a method or a Content-Type the route does not take) and a cookie sign-in's 401 and 403, each with a detail
/// saying what to change rather than the status's name alone.
/// </summary>
internal static class EmptyAnswerProblem
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Detail = Detail(status, http.Request.Method) },
        }).AsTask();
    }

    private static string? Detail(int status, string method) => status switch
    {
        StatusCodes.Status401Unauthorized => "Sign in first: this address answers only a signed-in user or the credentials its documentation names.",
        StatusCodes.Status403Forbidden => "Your account may not use this address.",
        StatusCodes.Status404NotFound => "Nothing was found at this address: check the path, and any id in it, against the API's documentation.",
        StatusCodes.Status405MethodNotAllowed => $"This address does not take {method}: its Allow header lists the methods it does.",
        // Routing's refusal of a body: every API route that reads one reads JSON.
        StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
        _ => null,
    };
}
