using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Web.Api;

/// <summary>The AI Analytics API's anomaly detection: a series in, the flagged points with their expected band out.</summary>
internal static class AnomaliesApi
{
    public const int MaxSeriesLength = 100_000;

    /// <param name="Method">seasonalHybridEsd (the default), robustZScore or spectralResidual.</param>
    /// <param name="Alpha">seasonalHybridEsd's significance level.</param>
    /// <param name="MaxAnomalies">seasonalHybridEsd's upper bound on anomalies, as a share of the series.</param>
    /// <param name="Threshold">robustZScore's or spectralResidual's score above which a point is an anomaly.</param>
    public sealed record AnomaliesRequest(double[]? Series, string? Method, int? Period, double? Alpha, double? MaxAnomalies, double? Threshold);

    private static readonly RequestExample Example =
        RequestExample.Json(new AnomaliesRequest([10, 11, 10, 12, 11, 10, 11, 48, 10, 12, 11, 10, 11, 12, 10, 11], "robustZScore", null, null, null, null));

    private const string Tag = "Anomalies";
    private const string Summary = "Detect anomalies in a time series with scores and expected values";

    private static readonly string Description =
        $"Seasonal-hybrid ESD (the default), robust z-score or spectral residual over up to {MaxSeriesLength:N0} points, oldest first.";

    public static RouteGroupBuilder MapAnomaliesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/v1/anomalies", Detect).WithTags(Tag).WithSummary(Summary).WithDescription(Description).WithMetadata(Example)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static Results<SerializedJsonResult<AnomaliesResponse>, ProblemHttpResult> Detect(JsonBody<AnomaliesRequest> body)
    {
        var request = body.Value;
        var (options, problem) = Options(request);
        if (problem is not null)
        {
            return FirstPartyRequests.Invalid(problem);
        }

        AnomalyReport report;
        try
        {
            report = AnomalyDetector.Detect(request.Series!, options);
        }
        catch (ArgumentException e)
        {
            return FirstPartyRequests.Invalid(FirstPartyRequests.EngineProblem(e, Field));
        }

        return FirstPartyRequests.Finite(Response(report), FirstPartyRequests.Json, "'series'");
    }

    /// <summary>The detector's settings from a request, or what is wrong with it.</summary>
    internal static (AnomalyOptions Options, string? Problem) Options(AnomaliesRequest request)
    {
        var options = new AnomalyOptions();
        if (request.Series is null)
        {
            return (options, "'series' is required: the observations, oldest first, at least 8.");
        }

        if (request.Series.Length > MaxSeriesLength)
        {
            return (options, $"'series' has more than {MaxSeriesLength:N0} points.");
        }

        if (request.Method is not null)
        {
            if (!Enum.TryParse<AnomalyMethod>(request.Method, ignoreCase: true, out var method) || !Enum.IsDefined(method) || int.TryParse(request.Method, out _))
            {
                return (options, "'method' must be seasonalHybridEsd, robustZScore or spectralResidual.");
            }

            options = options with { Method = method };
        }

        var esd = options.Method == AnomalyMethod.SeasonalHybridEsd;
        if (!esd && (request.Alpha is not null || request.MaxAnomalies is not null))
        {
            return (options, $"'{(request.Alpha is not null ? "alpha" : "maxAnomalies")}' applies to seasonalHybridEsd only.");
        }

        if (esd && request.Threshold is not null)
        {
            return (options, "'threshold' applies to robustZScore and spectralResidual; seasonalHybridEsd takes 'alpha' and 'maxAnomalies'.");
        }

        options = options with
        {
            Period = request.Period,
            Alpha = request.Alpha ?? options.Alpha,
            MaxAnomalies = request.MaxAnomalies ?? options.MaxAnomalies,
        };
        if (request.Threshold is { } threshold)
        {
            options = options.Method == AnomalyMethod.RobustZScore ? options with { ZThreshold = threshold } : options with { SpectralThreshold = threshold };
        }

        return (options, null);
    }

    /// <param name="Method">The method that ran: seasonalHybridEsd, robustZScore or spectralResidual.</param>
    /// <param name="Period">The season length used, given or detected; null when the series has no season.</param>
    public sealed record AnomaliesResponse(string Method, int? Period, IReadOnlyList<AnomalyPoint> Anomalies);

    /// <summary>A flagged point: its score, and the expected value with the band it fell outside.</summary>
    /// <param name="Score">Null when infinite: a series flat apart from its spikes has no spread, and JSON has no infinity.</param>
    public sealed record AnomalyPoint(int Index, double Value, double? Score, double? Expected, double? Lower, double? Upper);

    private static AnomaliesResponse Response(AnomalyReport report) => new(
        JsonNamingPolicy.CamelCase.ConvertName(report.Method.ToString()),
        report.Period,
        [.. report.Anomalies.Select(a => new AnomalyPoint(a.Index, a.Value, Finite(a.Score), Finite(a.Expected), Finite(a.Lower), Finite(a.Upper)))]);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>The JSON field an engine argument error is about.</summary>
    internal static string Field(ArgumentException e) => e.ParamName switch
    {
        "values" => "series",
        _ when e.Message.StartsWith("Period", StringComparison.Ordinal) => "period",
        _ when e.Message.StartsWith("Alpha", StringComparison.Ordinal) => "alpha",
        _ when e.Message.StartsWith("MaxAnomalies", StringComparison.Ordinal) => "maxAnomalies",
        _ when e.Message.StartsWith("Thresholds", StringComparison.Ordinal) => "threshold",
        _ => "method",
    };
}
