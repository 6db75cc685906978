using Microsoft.AspNetCore.Mvc;

namespace TrustVault.Web.Errors;

/// <summary>A problem with one field of the request: its <c>errors</c> name the field, so a client can show it beside it.</summary>
internal static class FieldProblem
{
    /// <param name="field">The field as the request spells it; null when the whole request is at fault (then no <c>errors</c>).</param>
    public static ProblemDetails Create(int status, string? title, string? field, string detail) =>
        field is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] }) { Status = status, Title = title, Detail = detail };
}
