using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Api;

/// <summary>
/// Reading a first-party API's JSON body and answering its problems: 400 naming the field, 413 past the size
/// limit. Handlers return after a null result: the problem has been written.
/// </summary>
internal static partial class ApiRequests
{
    public const int MaxJsonBytes = 10 * 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) } };

    /// <param name="example">The smallest valid body, shown when none was sent.</param>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context, string example)
        where T : class
    {
        T? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<T>(new LimitedStream(context.Request.Body, MaxJsonBytes), Json, context.RequestAborted);
        }
        catch (JsonException e)
        {
            var field = Field(e.Path);
            await FirstPartyRequests.BadRequestAsync(context, field is null
                ? $"The body is not valid JSON: {e.Message}"
                : $"'{field}' could not be read: {e.Message}");
            return null;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await GatewayProblems.WriteAsync(context, e.StatusCode, "Too large", $"Send at most {MaxJsonBytes / 1024 / 1024} MB of JSON.");
            return null;
        }

        if (request is null)
        {
            await FirstPartyRequests.BadRequestAsync(context, $"Send a JSON body: {example}");
        }

        return request;
    }

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

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    /// <summary>"streams[3].monthlyAmount" from System.Text.Json's "$.streams[3].monthlyAmount"; null for the whole body.</summary>
    private static string? Field(string? path) => path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
