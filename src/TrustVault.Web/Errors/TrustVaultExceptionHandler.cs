using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using TrustVault.Core.Errors;

namespace TrustVault.Web.Errors;

/// <summary>The one map from Core's failures to HTTP statuses, written as problem+json.</summary>
internal sealed class TrustVaultExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ApiPaths.IsApi(httpContext.Request.Path))
        {
            return false;
        }

        // Kestrel's and LimitedStream's refusals of a request body (too large, unreadable) carry their own status.
        if (exception is BadHttpRequestException badRequest)
        {
            httpContext.Response.StatusCode = badRequest.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails { Status = badRequest.StatusCode, Detail = badRequest.Message },
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
            _ => StatusCodes.Status500InternalServerError,
        };
        httpContext.Response.StatusCode = status;
        ProblemDetails problem = failure is InvalidInputException invalid
            ? new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = status, Detail = failure.Message }
            : new ProblemDetails { Status = status, Detail = failure.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
