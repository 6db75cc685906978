using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Analytics.Anomalies;
using TrustVault.Core.Analytics.Forecasting;
using TrustVault.Core.Analytics.Insights;
using TrustVault.Core.Analytics.Statistics;

namespace TrustVault.Web.Api;

/// <summary>
/// The AI Analytics API's narrative endpoint: facts, or a series to forecast or check for anomalies, or a CSV to
/// profile, told as a short report by the configured <see cref="INarrator"/>.
/// </summary>
internal static class NarrativeApi
{
    public sealed record FactInput(string? Name, double? Value, FactUnit? Unit, double? Previous, string? Currency);

    /// <param name="Kind">facts, forecast, anomalies or profile; the other fields are those of that kind.</param>
    public sealed record NarrativeRequest(
        string? Kind, string? Subject,
        FactInput?[]? Facts, string?[]? Notes,
        double[]? Series, FactUnit? Unit, string? Currency,
        [property: Range(1, AnalyticsApi.MaxHorizon)] int? Horizon, [property: Range(1, AnalyticsApi.MaxSeasonLength)] int? SeasonLength, Seasonality? Seasonality,
        string? Method, int? Period, double? Alpha, double? MaxAnomalies, double? Threshold,
        string? Csv);

    /// <param name="Source">Which narrator wrote the text: the template, or the configured language model.</param>
    public sealed record NarrativeResponse(string Text, string Source);

    private static readonly RequestExample Example = RequestExample.Json(
        new NarrativeRequest(
            "facts", "Sales in March",
            [new FactInput("Revenue", 1200, FactUnit.Money, 1000, "USD"), new FactInput("Orders", 48, FactUnit.Number, 50, null)], null,
            null, null, null, null, null, null, null, null, null, null, null, null));

    private const string Tag = "Insights";
    private const string Summary = "Explain an analysis result in a short written report";
    private const string Description =
        "'kind' is facts (named values), forecast or anomalies (a series, with the fields of /v1/forecast or /v1/anomalies; a forecast's " +
        "'horizon' defaults to 12, its 'seasonLength' is required) or profile (CSV text). A field of another kind is a 400.";

    public static RouteGroupBuilder MapNarrativeApi(this RouteGroupBuilder api)
    {
        api.MapPost("/v1/narrative", NarrateAsync).WithTags(Tag).WithSummary(Summary).WithDescription(Description).WithMetadata(Example).Produces<NarrativeResponse>();
        return api;
    }

    private static async Task<Results<JsonHttpResult<NarrativeResponse>, ProblemHttpResult>> NarrateAsync(
        JsonBody<NarrativeRequest> body, INarrator narrator, CancellationToken cancellationToken)
    {
        var request = body.Value;
        var kind = request.Kind?.ToLowerInvariant();
        var (insight, problem) = kind is not null && FieldOfAnotherKind(request, kind) is { } notRead ? (null, notRead) : kind switch
        {
            "facts" => Facts(request),
            "forecast" => Forecast(request),
            "anomalies" => Anomalies(request),
            "profile" => Profile(request),
            _ => (null, "'kind' must be facts, forecast, anomalies or profile."),
        };
        if (problem is not null)
        {
            return FirstPartyRequests.Invalid(problem);
        }

        Narrative narrative;
        try
        {
            narrative = await narrator.NarrateAsync(insight!, cancellationToken);
        }
        catch (ArgumentException) when (request.Kind?.ToLowerInvariant() is "forecast" or "anomalies")
        {
            // The facts were computed from the series: a figure that overflowed is the series' doing, as /v1/forecast says.
            return FirstPartyRequests.OutOfRange("'series'");
        }
        catch (ArgumentException e)
        {
            return FirstPartyRequests.Invalid(FirstPartyRequests.EngineProblem(e, x => x.ParamName?.ToLowerInvariant() ?? "facts"));
        }

        return TypedResults.Json(new NarrativeResponse(narrative.Text, narrative.Source), FirstPartyRequests.Json);
    }

    /// <summary>The fields each kind reads besides 'kind' and 'subject'.</summary>
    private static readonly Dictionary<string, string[]> FieldsOfKind = new()
    {
        ["facts"] = ["facts", "notes"],
        ["forecast"] = ["series", "unit", "currency", "horizon", "seasonLength", "seasonality"],
        ["anomalies"] = ["series", "unit", "currency", "method", "period", "alpha", "maxAnomalies", "threshold"],
        ["profile"] = ["csv"],
    };

    /// <summary>A field sent that <paramref name="kind"/> does not read (a forecast's 'horizon' with kind facts); null for an unknown kind.</summary>
    private static string? FieldOfAnotherKind(NarrativeRequest request, string kind)
    {
        if (!FieldsOfKind.TryGetValue(kind, out var fields))
        {
            return null;
        }

        (string Name, object? Value)[] sent =
        [
            ("facts", request.Facts), ("notes", request.Notes), ("series", request.Series), ("unit", request.Unit), ("currency", request.Currency),
            ("horizon", request.Horizon), ("seasonLength", request.SeasonLength), ("seasonality", request.Seasonality), ("method", request.Method),
            ("period", request.Period), ("alpha", request.Alpha), ("maxAnomalies", request.MaxAnomalies), ("threshold", request.Threshold), ("csv", request.Csv),
        ];
        var other = sent.FirstOrDefault(f => f.Value is not null && !fields.Contains(f.Name)).Name;
        return other is null ? null : FirstPartyRequests.NotAFieldOf(other, $"kind '{kind}'");
    }

    private static (Insight? Insight, string? Problem) Facts(NarrativeRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            return (null, "'subject' is required: what the facts are about, e.g. \"Sales in March\".");
        }

        if (request.Facts is null)
        {
            return (null, "'facts' is required: [{ \"name\": \"Revenue\", \"value\": 1200 }].");
        }

        if (request.Facts.Length > Insight.MaxFacts)
        {
            return (null, $"'facts' has more than {Insight.MaxFacts} facts.");
        }

        var facts = new List<InsightFact>(request.Facts.Length);
        for (var i = 0; i < request.Facts.Length; i++)
        {
            var field = $"facts[{i}]";
            var problem = request.Facts[i] is not { } f ? $"'{field}' must be an object."
                : string.IsNullOrWhiteSpace(f.Name) ? $"'{field}.name' is required."
                : f.Value is null ? $"'{field}.value' is required."
                : f.Unit == FactUnit.Money && f.Currency is { } c && (c.Trim().Length != 3 || !c.Trim().All(char.IsAsciiLetter)) ? $"'{field}.currency' must be a three-letter code such as USD."
                : null;
            if (problem is not null)
            {
                return (null, problem);
            }

            var fact = request.Facts[i]!;
            facts.Add(new InsightFact(fact.Name!.Trim(), fact.Value!.Value, fact.Unit ?? FactUnit.Number, fact.Previous, fact.Currency?.Trim()));
        }

        var notes = request.Notes?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).ToList();
        return notes?.Count > 20
            ? (null, "'notes' has more than 20 notes.")
            : (new Insight(request.Subject.Trim(), facts, Notes: notes), null);
    }

    private static (Insight? Insight, string? Problem) Forecast(NarrativeRequest request)
    {
        var forecastRequest = new AnalyticsApi.ForecastRequest(request.Series, request.Horizon ?? 12, request.SeasonLength ?? 0, request.Seasonality);
        var problem = SeriesProblem(request) ?? AnalyticsApi.ForecastProblem(forecastRequest);
        if (problem is not null)
        {
            return (null, problem);
        }

        var forecast = Forecaster.Forecast(request.Series!, forecastRequest.Horizon, forecastRequest.SeasonLength, request.Seasonality);
        return (forecast.ToInsight(Subject(request, "Forecast"), request.Series!, request.Unit ?? FactUnit.Number, request.Currency), null);
    }

    private static (Insight? Insight, string? Problem) Anomalies(NarrativeRequest request)
    {
        var anomaliesRequest = new AnomaliesApi.AnomaliesRequest(request.Series, request.Method, request.Period, request.Alpha, request.MaxAnomalies, request.Threshold);
        var (options, problem) = AnomaliesApi.Options(anomaliesRequest);
        problem ??= SeriesProblem(request);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            var report = AnomalyDetector.Detect(request.Series!, options);
            return (report.ToInsight(Subject(request, "Anomalies"), request.Series!, request.Unit ?? FactUnit.Number, request.Currency), null);
        }
        catch (ArgumentException e)
        {
            return (null, FirstPartyRequests.EngineProblem(e, AnomaliesApi.Field));
        }
    }

    private static (Insight? Insight, string? Problem) Profile(NarrativeRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Csv))
        {
            return (null, "'csv' is required: the dataset as CSV text with a header row.");
        }

        try
        {
            using var reader = new StringReader(request.Csv);
            return (DatasetProfiler.Profile(reader).ToInsight(Subject(request, "Dataset profile")), null);
        }
        catch (DatasetFormatException e)
        {
            return (null, $"'csv': {e.Message}");
        }
    }

    /// <summary>A narrated series is told point by point, so it is held to the narrators' limit.</summary>
    private static string? SeriesProblem(NarrativeRequest request) =>
        request.Series?.Length > Insight.MaxPoints ? $"'series' has more than {Insight.MaxPoints:N0} points; narrate at most {Insight.MaxPoints:N0}." : null;

    private static string Subject(NarrativeRequest request, string fallback) =>
        string.IsNullOrWhiteSpace(request.Subject) ? fallback : request.Subject.Trim();
}
