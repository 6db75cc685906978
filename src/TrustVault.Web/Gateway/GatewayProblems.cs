using TrustVault.Web.Errors;

namespace TrustVault.Web.Gateway;

/// <summary>The gateway's problem+json answers.</summary>
internal static class GatewayProblems
{
    /// <param name="field">The request's field at fault, named in the answer's <c>errors</c>; null for the request as a whole.</param>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string? field = null)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = FieldProblem.Create(status, title, field, detail),
        }).AsTask();
    }
}
