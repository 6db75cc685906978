using TrustVault.Web.Errors;

namespace TrustVault.Web.Gateway;

/// <summary>The gateway's problem+json answers.</summary>
internal static class GatewayProblems
{
    /// <summary>A rate limit refused the call: retry after a second or so (Retry-After).</summary>
    public const string RateLimitedType = "https://trustvault.dev/problems/rate-limited";

    /// <summary>The month's quota is used up under a hard cap: retrying before the period ends (Retry-After) is refused too.</summary>
    public const string QuotaExhaustedType = "https://trustvault.dev/problems/quota-exhausted";

    /// <param name="field">The request's field at fault, named in the answer's <c>errors</c>; null for the request as a whole.</param>
    /// <param name="type">
    /// The problem's own type where the status has several meanings a client acts on differently; by default the status's RFC section.
    /// </param>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string? field = null, string? type = null)
    {
        context.Response.StatusCode = status;
        var problem = FieldProblem.Create(status, title, field, detail);
        problem.Type = type ?? problem.Type;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }
}
