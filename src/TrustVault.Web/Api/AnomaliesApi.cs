using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Web.Api;

/// <summary>
/// The AI Analytics API's anomaly detection: a series in, every point's score and the flagged points with their expected
/// band out. The batch methods look at the whole series; streaming scores each point from earlier points only.
/// </summary>
internal static class AnomaliesApi
{
    public const int MaxSeriesLength = 100_000;

    /// <param name="Method">seasonalHybridEsd (the default), robustZScore, spectralResidual, or streaming: causal, each point
    /// scored from the points before it only, so a score never changes when later points arrive (as a live monitor sees them).</param>
    /// <param name="Period">The season length; 0 for none. Left out, the batch methods detect it from the whole series and
    /// streaming from the points before each point (first after 256 points, again at 512, 1,024, …).</param>
    /// <param name="Alpha">seasonalHybridEsd's significance level.</param>
    /// <param name="MaxAnomalies">The batch methods' upper bound on flagged points, as a share of the series (default 0.01,
    /// at least one point); the highest scores are kept.</param>
    /// <param name="Threshold">robustZScore's, spectralResidual's or streaming's score from which a point is flagged.</param>
    public sealed record AnomaliesRequest(double[]? Series, string? Method, int? Period, double? Alpha, double? MaxAnomalies, double? Threshold);

    private static readonly RequestExample ShortExample = RequestExample.Json(
        new AnomaliesRequest([10, 11, 10, 12, 11, 10, 11, 48, 10, 12, 11, 10, 11, 12, 10, 11], "robustZScore", null, null, null, null)) with
    { Name = "A short series, robust z-score" };

    private static readonly RequestExample StreamingExample = RequestExample.Json(
        new AnomaliesRequest(HourlyExample(), "streaming", 24, null, null, null)) with
    { Name = "Ten days of hourly values with a spike at index 200, scored causally" };

    private const string Tag = "Anomalies";
    private const string Summary = "Detect anomalies in a time series with scores and expected values";

    private static readonly string Description =
        $"Seasonal-hybrid ESD (the default), robust z-score, spectral residual or streaming over up to {MaxSeriesLength:N0} points, oldest first. " +
        "The answer carries every point's score ('scores', in the method's unit) so that a client can apply its own threshold. " +
        "Streaming is causal: a point's score and flag depend on earlier points only, so a prefix of a series scores exactly as it does " +
        "inside the whole series; it needs about 150 points before it scores (earlier points score 0), and its default threshold " +
        $"{StreamingAnomalyScorer.DefaultThreshold} was chosen by leave-one-file-out on Numenta Anomaly Benchmark files.";

    public static RouteGroupBuilder MapAnomaliesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/v1/anomalies", Detect).WithTags(Tag).WithSummary(Summary).WithDescription(Description).WithMetadata(ShortExample, StreamingExample)
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

        return FirstPartyRequests.Finite(Response(report, options), FirstPartyRequests.Json, "'series'");
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
            // One name exactly: Enum.TryParse also reads numbers, " robustZScore" and "a, b" (the flags of both, another method).
            var methods = Enum.GetValues<AnomalyMethod>().Where(m => string.Equals(m.ToString(), request.Method, StringComparison.OrdinalIgnoreCase)).ToList();
            if (methods.Count != 1)
            {
                return (options, "'method' must be seasonalHybridEsd, robustZScore, spectralResidual or streaming.");
            }

            options = options with { Method = methods[0] };
        }

        var esd = options.Method == AnomalyMethod.SeasonalHybridEsd;
        if (!esd && request.Alpha is not null)
        {
            return (options, "'alpha' applies to seasonalHybridEsd only.");
        }

        if (options.Method == AnomalyMethod.Streaming && request.MaxAnomalies is not null)
        {
            return (options, "'maxAnomalies' applies to the batch methods: a cap over the whole series would look ahead; streaming flags by 'threshold'.");
        }

        if (esd && request.Threshold is not null)
        {
            return (options, "'threshold' applies to robustZScore, spectralResidual and streaming; seasonalHybridEsd takes 'alpha' and 'maxAnomalies'.");
        }

        options = options with
        {
            Period = request.Period,
            Alpha = request.Alpha ?? options.Alpha,
            MaxAnomalies = request.MaxAnomalies ?? options.MaxAnomalies,
        };
        if (request.Threshold is { } threshold)
        {
            options = options.Method switch
            {
                AnomalyMethod.RobustZScore => options with { ZThreshold = threshold },
                AnomalyMethod.SpectralResidual => options with { SpectralThreshold = threshold },
                _ => options with { StreamingThreshold = threshold },
            };
        }

        return (options, null);
    }

    /// <param name="Method">The method that ran: seasonalHybridEsd, robustZScore, spectralResidual or streaming.</param>
    /// <param name="Period">The season length used, given or detected (for streaming, the one its last point used); null when none.</param>
    /// <param name="Threshold">The score from which a point was flagged; null for seasonalHybridEsd, whose cut-off is Rosner's
    /// critical value at each step.</param>
    /// <param name="Scores">Every point's score in the method's unit, in series order (null where infinite: a series flat apart
    /// from its spikes has no spread); streaming scores 0 while it has too few earlier points.</param>
    public sealed record AnomaliesResponse(string Method, int? Period, double? Threshold, IReadOnlyList<AnomalyPoint> Anomalies, IReadOnlyList<double?> Scores);

    /// <summary>A flagged point: its score, and the expected value with the band it fell outside.</summary>
    /// <param name="Score">Null when infinite: a series flat apart from its spikes has no spread, and JSON has no infinity.</param>
    public sealed record AnomalyPoint(int Index, double Value, double? Score, double? Expected, double? Lower, double? Upper);

    private static AnomaliesResponse Response(AnomalyReport report, AnomalyOptions options) => new(
        JsonNamingPolicy.CamelCase.ConvertName(report.Method.ToString()),
        report.Period,
        report.Method switch
        {
            AnomalyMethod.RobustZScore => options.ZThreshold,
            AnomalyMethod.SpectralResidual => options.SpectralThreshold,
            AnomalyMethod.Streaming => options.StreamingThreshold,
            _ => null,
        },
        [.. report.Anomalies.Select(a => new AnomalyPoint(a.Index, a.Value, Finite(a.Score), Finite(a.Expected), Finite(a.Lower), Finite(a.Upper)))],
        [.. report.Scores.Select(Finite)]);

    /// <summary>Ten days of hourly values (a daily cycle, fixed pseudo-noise) with a spike at index 200, for the document's example.</summary>
    private static double[] HourlyExample() =>
        [.. Enumerable.Range(0, 240).Select(t => Math.Round(100 + (20 * Math.Sin(2 * Math.PI * t / 24)) + (3 * Math.Sin(t * 2.7)) + (t == 200 ? 45 : 0), 1))];

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
