using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using TrustVault.Core.Errors;

namespace TrustVault.Web.Errors;

/// <summary>The one map from Core's failures to HTTP statuses, written as problem+json.</summary>
internal sealed partial class TrustVaultExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ApiPaths.IsApi(httpContext.Request.Path))
        {
            // A page's or form's request that could not be bound is the sender's mistake, not the app's failure page.
            if (exception is BadHttpRequestException unreadable)
            {
                httpContext.Response.StatusCode = unreadable.StatusCode;
                return true;
            }

            return false;
        }

        // Kestrel's, LimitedStream's and the endpoints' binding refusals of a request (too large, unreadable, a value
        // not of its type) carry their own status.
        if (exception is BadHttpRequestException badRequest)
        {
            httpContext.Response.StatusCode = badRequest.StatusCode;
            var (field, message) = RequestReadProblem.Describe(badRequest);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = FieldProblem.Create(badRequest.StatusCode, null, field, message),
                Exception = exception,
            });
        }

        if (exception is not TrustVaultException failure)
        {
            return false;
        }

        var status = failure switch
        {
            InvalidInputException => StatusCodes.Status400BadRequest,
            ForbiddenException => StatusCodes.Status403Forbidden,
            NotFoundException => StatusCodes.Status404NotFound,
            ConflictException => StatusCodes.Status409Conflict,
            UnavailableException => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
        httpContext.Response.StatusCode = status;
        ProblemDetails problem = failure is InvalidInputException invalid
            ? new HttpValidationProblemDetails(BodyFieldNames(invalid.Errors)) { Status = status, Detail = failure.Message }
            : new ProblemDetails { Status = status, Detail = failure.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// Core names fields as its C# inputs do (<c>PlanId</c>, <c>Plans[0].Name</c>); a JSON body spells them in camelCase
    /// (<c>planId</c>, <c>plans[0].name</c>), and a client matches an error to its field by that name. Other keys (a
    /// header's name, a JSON pointer into an imported document) stay as they are.
    /// </summary>
    private static Dictionary<string, string[]> BodyFieldNames(IReadOnlyDictionary<string, string[]> errors)
    {
        var named = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in errors)
        {
            var name = MemberPath().IsMatch(field) ? string.Join('.', field.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)) : field;
            named[name] = named.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        return named;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\[[0-9]+\])?(\.[A-Za-z][A-Za-z0-9]*(\[[0-9]+\])?)*$")]
    private static partial Regex MemberPath();
}
