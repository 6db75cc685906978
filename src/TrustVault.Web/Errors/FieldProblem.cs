using Microsoft.AspNetCore.Mvc;

namespace TrustVault.Web.Errors;

/// <summary>A problem with one field of the request: its <c>errors</c> name the field, so a client can show it beside it.</summary>
internal static class FieldProblem
{
    /// <param name="field">The field as the request spells it; null when the whole request is at fault (then no <c>errors</c>).</param>
    public static ProblemDetails Create(int status, string? title, string? field, string detail) =>
        Create(status, title, field is null ? [] : [field], detail);

    /// <param name="fields">The fields at fault together ("'bins' and 'binEdges'"), each named in <c>errors</c>; none when the whole request is at fault.</param>
    public static ProblemDetails Create(int status, string? title, IReadOnlyList<string> fields, string detail) =>
        fields.Count == 0
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(fields.Distinct().ToDictionary(f => f, _ => new[] { detail })) { Status = status, Title = title, Detail = detail };
}
