using System.Text.Json;
using System.Text.RegularExpressions;
using TrustVault.Core.Errors;

namespace TrustVault.Web.Errors;

/// <summary>
/// A request that could not be read, told as a person and a client need it: which field, in the request's own words,
/// and why. System.Text.Json's and ASP.NET Core's own messages name .NET types and parameters instead ("Failed to read
/// parameter "SubscribeRequest request" from the request body as JSON.").
/// </summary>
internal static partial class RequestReadProblem
{
    /// <summary>The field (null for the whole body or request) and what was wrong with it.</summary>
    public static (string? Field, string Message) Describe(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
        {
            return Describe(json);
        }

        if (UnboundValue().Match(e.Message) is { Success: true } unbound)
        {
            var field = unbound.Groups["name"].Value;
            return (field, $"'{field}' could not be read: it is not of the type the API's documentation gives it.");
        }

        if (MissingValue().Match(e.Message) is { Success: true } missing)
        {
            var field = missing.Groups["name"].Value;
            return (field, $"'{field}' is required.");
        }

        return MissingBody().IsMatch(e.Message)
            ? (null, "Send a JSON body; see the example in the API's documentation.")
            : (null, e.Message);
    }

    /// <summary>The field (null for the whole body) and what was wrong with it, for a JSON body of the wrong shape or no JSON at all.</summary>
    public static (string? Field, string Message) Describe(JsonException e)
    {
        if (JsonReadProblem.IsTruncated(e))
        {
            return (null, $"The body is not valid JSON: {JsonReadProblem.EndsEarly}");
        }

        if (e.Message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return (null, "Send a JSON body; see the example in the API's documentation.");
        }

        var field = Field(e.Path);
        return (field, IsDuplicate(e) ? $"'{field ?? "$"}' is sent twice (names differing only in case are one field): send each field once."
            : field is null && NamesType(e) ? "The body must be a JSON object; see the example in the API's documentation."
            : field is null ? $"The body is not valid JSON: {JsonReadProblem.ReaderMessage(e)}"
            : IsUnknownMember(e) ? $"'{field}' is not a field of this request; see the example in the API's documentation."
            : NamesType(e) ? $"'{field}' could not be read: it is not of the type, or one of the values, the API's documentation gives it."
            : $"'{field}' could not be read: {JsonReadProblem.ReaderMessage(e)}");
    }

    /// <summary>
    /// Whether the reader refused a member the request type lacks (<see cref="System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow"/>):
    /// System.Text.Json tells it only by its message, which names our .NET type rather than anything the caller sent.
    /// </summary>
    private static bool IsUnknownMember(JsonException e) =>
        e.Message.StartsWith("The JSON property '", StringComparison.Ordinal) && e.Message.Contains("could not be mapped", StringComparison.Ordinal);

    /// <summary>Whether the reader refused a member sent twice (<see cref="JsonSerializerOptions.AllowDuplicateProperties"/>), whose message names our .NET type.</summary>
    private static bool IsDuplicate(JsonException e) => e.Message.StartsWith("Duplicate property", StringComparison.Ordinal);

    /// <summary>Whether the message is System.Text.Json's "could not be converted to" one, which names a .NET type instead of the JSON's.</summary>
    private static bool NamesType(JsonException e) => e.Message.Contains("could not be converted to", StringComparison.Ordinal);

    /// <summary>"streams[3].monthlyAmount" from System.Text.Json's "$.streams[3].monthlyAmount"; null for the whole body.</summary>
    private static string? Field(string? path) => path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    // ASP.NET Core's messages for a route or query value it could not convert, and for a missing one; the value itself
    // is not repeated back (it may be long).
    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>[A-Za-z0-9_]+)" from ".*"\.$""", RegexOptions.Singleline)]
    private static partial Regex UnboundValue();

    [GeneratedRegex("""^Required parameter "[^"]* (?<name>[A-Za-z0-9_]+)" was not provided""")]
    private static partial Regex MissingValue();

    [GeneratedRegex("""^Implicit body inferred for parameter "[^"]*" but no body was provided""")]
    private static partial Regex MissingBody();
}
