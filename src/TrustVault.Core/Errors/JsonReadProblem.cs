using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrustVault.Core.Errors;

/// <summary>
/// A JSON reader's refusal in the words the APIs answer with: its own message names reader internals (line and byte
/// positions, "depth") that tell a client nothing, and a body cut short is the commonest reason by far.
/// </summary>
public static partial class JsonReadProblem
{
    public const string EndsEarly = "it ends before its last object or array is closed.";

    /// <summary>
    /// Whether the JSON ended inside a value, object or array: the reader then blames the member it was reading,
    /// which the caller may have sent whole ("{"name": "x", "expiresAt":" cut short).
    /// </summary>
    public static bool IsTruncated(JsonException e) =>
        e.Message.StartsWith("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal)
        || e.Message.Contains("reached end of data", StringComparison.Ordinal);

    /// <summary>What is wrong with the JSON, to follow "not valid JSON: ": <see cref="EndsEarly"/>, or the reader's words without its position.</summary>
    public static string Describe(JsonException e) => IsTruncated(e) ? EndsEarly : ReaderMessage(e);

    /// <summary>The reader's own words without the position it appends (" Path: $.series[2] | LineNumber: 0 | BytePositionInLine: 15.").</summary>
    public static string ReaderMessage(JsonException e) => ReaderPosition().Replace(e.Message, "");

    [GeneratedRegex(@" ?(Path: \S* \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.$")]
    private static partial Regex ReaderPosition();
}
