using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Analytics.OnChain;
using TrustVault.Web.Errors;

namespace TrustVault.Web.Api;

/// <summary>
/// Reading and refusing first-party API requests: size-limited JSON in, problem+json naming the field out (400),
/// 413 past the size limit.
/// </summary>
internal static partial class FirstPartyRequests
{
    public const int MaxJsonBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Web defaults (camelCase), enums as camelCase names (never numbers), big integers as decimal strings (token
    /// amounts, Paillier numbers), and strict reading: numbers only as finite JSON numbers (never "NaN", "12" or 1e400),
    /// no member the request type lacks, since a misspelt optional field would otherwise be dropped without a word, and
    /// no member twice (in any case), since which of the two counts is a guess.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false), new BigIntegerJsonConverter(), new FiniteDoubleJsonConverter(),
        },
    };

    /// <summary>
    /// An engine's result as JSON, or 422 naming <paramref name="inputs"/> when a number in it is not finite: finite
    /// inputs far enough apart overflow a double, and System.Text.Json refuses to write one, which would fail the answer
    /// half-written. Serialized once, here: the answer sends these bytes.
    /// </summary>
    /// <param name="inputs">The request fields whose size made the result overflow: "'series'".</param>
    public static Results<SerializedJsonResult<T>, ProblemHttpResult> Finite<T>(T result, JsonSerializerOptions options, string inputs)
    {
        try
        {
            return new SerializedJsonResult<T>(result, JsonSerializer.SerializeToUtf8Bytes(result, options));
        }
        catch (ArgumentException)
        {
            return OutOfRange(inputs);
        }
    }

    /// <summary>422 naming <paramref name="inputs"/>, whose values made a result that is not a finite number.</summary>
    public static ProblemHttpResult OutOfRange(string inputs) => TypedResults.Problem(
        $"{inputs}: the result is not a finite number; the values are too large, or too far apart, for this analysis.",
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Result out of range");

    /// <summary>
    /// The JSON body as <typeparamref name="T"/>; a <see cref="BadHttpRequestException"/>, which the gateway step answers
    /// as problem+json, when it is not valid JSON or not of the request's shape (400, naming the field) or is larger than
    /// <paramref name="maxBytes"/> (413).
    /// </summary>
    /// <param name="example">A minimal valid body, shown when the body is missing.</param>
    public static async Task<T> ReadJsonAsync<T>(HttpContext context, long maxBytes, string? example = null)
        where T : class
    {
        AllowBody(context, maxBytes);
        T? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<T>(new LimitedStream(context.Request.Body, maxBytes), Json, context.RequestAborted);
        }
        catch (JsonException e)
        {
            var problem = OutOfRange<T>(e) ?? e;
            throw new BadHttpRequestException(RequestReadProblem.Describe(problem).Message, StatusCodes.Status400BadRequest, problem);
        }

        return request ?? throw new BadHttpRequestException($"Send a JSON body such as {example ?? "the example in the API's documentation"}.", StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The refusal of a whole-number member with a <see cref="RangeAttribute"/> whose value the reader could not convert
    /// (1e12 or 99999999999 for an int), stating the range: System.Text.Json says only that the value is not of the type.
    /// </summary>
    private static JsonException? OutOfRange<T>(JsonException e)
    {
        var name = e.Path is { } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var member = name is null || !e.Message.Contains("could not be converted to", StringComparison.Ordinal)
            ? null
            : Json.GetTypeInfo(typeof(T)).Properties.FirstOrDefault(p => p.Name == name);
        return member?.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), inherit: true).FirstOrDefault() is RangeAttribute range
            ? new JsonException($"it must be a whole number between {range.Minimum:N0} and {range.Maximum:N0}.", e.Path, e.LineNumber, e.BytePositionInLine, e)
            : null;
    }

    /// <summary>
    /// Lets Kestrel accept a body up to <paramref name="maxBytes"/> (its own default is 30 MB); <see cref="LimitedStream"/>
    /// enforces the limit. A compressed body is refused (415).
    /// </summary>
    public static void AllowBody(HttpContext context, long maxBytes)
    {
        RequestEncoding.RequireUncompressed(context.Request);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && limit.MaxRequestBodySize < maxBytes)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
    }

    /// <summary>
    /// 400 problem+json: <paramref name="detail"/> names the field or row; one that starts with the field in quotes
    /// ("'horizon' must be …", "'values[3]': …"), or with two ("'bins' and 'binEdges' …"), names them in <c>errors</c> too.
    /// </summary>
    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(FieldProblem.Create(
            StatusCodes.Status400BadRequest, "Invalid request", [.. LeadingFields().Match(detail).Groups["field"].Captures.Select(c => c.Value)], detail));

    /// <summary>
    /// The 400 detail for a field the request type has but <paramref name="request"/> does not read (a histogram's
    /// 'bins' sent to a count), worded as the reader's refusal of an unknown member: ADR 0009 refuses both, since
    /// either would otherwise be ignored without a word.
    /// </summary>
    public static string NotAFieldOf(string field, string request) => $"'{field}' is not a field of {request}; see the example in the API's documentation.";

    /// <summary>"'epsilon': must be positive." from an engine's argument check, naming the parameter as the JSON does.</summary>
    public static string Describe(ArgumentException e) =>
        string.IsNullOrEmpty(e.ParamName)
            ? e.Message.Split('\n')[0].Trim()
            : EngineProblem(e, x => JsonNamingPolicy.CamelCase.ConvertName(x.ParamName!));

    /// <summary>An engine's argument error as "'field': reason", its parameter name mapped to the JSON field it came from.</summary>
    public static string EngineProblem(ArgumentException e, Func<ArgumentException, string> field)
    {
        // ArgumentException appends " (Parameter 'x')" and ArgumentOutOfRangeException "Actual value was …" on a new line.
        var message = e.Message.Split('\n')[0];
        var suffix = $" (Parameter '{e.ParamName}')";
        if (message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        return $"'{field(e)}': {message}";
    }

    /// <summary>A timestamp: ISO 8601 with an offset, or without one (read as UTC), or a date (its midnight UTC).</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        return text is { Length: >= 10 } && IsoDate().IsMatch(text[..10])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    [GeneratedRegex(@"^'(?<field>[A-Za-z][A-Za-z0-9]*(?:\[[0-9]+\])?(?:\.[A-Za-z][A-Za-z0-9]*(?:\[[0-9]+\])?)*)'(?: and '(?<field>[A-Za-z][A-Za-z0-9]*(?:\[[0-9]+\])?(?:\.[A-Za-z][A-Za-z0-9]*(?:\[[0-9]+\])?)*)')?")]
    private static partial Regex LeadingFields();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}
