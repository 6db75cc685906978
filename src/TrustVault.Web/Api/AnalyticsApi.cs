using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using TrustVault.Core.Analytics.Forecasting;
using TrustVault.Core.Analytics.Runs;
using TrustVault.Core.Analytics.Statistics;
using TrustVault.Core.Errors;
using TrustVault.Web.Gateway;
using TrustVault.Web.Jobs;

namespace TrustVault.Web.Api;

/// <summary>The AI Analytics API's endpoints: JSON or CSV in, JSON out, problem+json naming the bad field or row.</summary>
internal static class AnalyticsApi
{
    public const int MaxJsonBytes = 10 * 1024 * 1024;
    private const int MaxSeriesLength = 100_000;

    /// <param name="SeasonLength">Periods in a season (12 for monthly data with a yearly cycle); 1 for data without a season.</param>
    /// <param name="Seasonality">additive, multiplicative or none fixes the ETS seasonality and forecasts with ETS alone; left out, the forecaster chooses.</param>
    public sealed record ForecastRequest(
        double[]? Series, [property: Range(1, MaxHorizon)] int Horizon, [property: Range(1, MaxSeasonLength)] int SeasonLength, Seasonality? Seasonality);

    public const int MaxHorizon = 1000;
    public const int MaxSeasonLength = 366;

    /// <param name="Method">ets, arima or theta when one model forecasts; combination when the mean of all three does.</param>
    /// <param name="Name">The chosen model as R's forecast package names it, e.g. ARIMA(0,1,1)(0,1,1)[12], or the combination with its parts.</param>
    /// <param name="Ets">The exponential smoothing form with the lowest AICc, and every form fitted with its Akaike weight.</param>
    /// <param name="Arima">The ARIMA model chosen by AICc; absent when the request fixed an ETS seasonality.</param>
    /// <param name="Theta">The Theta model (simple exponential smoothing with drift); absent when the request fixed an ETS seasonality.</param>
    /// <param name="Backtest">Each candidate's mean absolute error on the series' own last points, which chose the method, and the widening each level of its intervals needed there; absent when the series is too short to backtest (ARIMA then answers).</param>
    public sealed record ForecastModel(ForecastMethod Method, string Name, EtsParameters Ets, ArimaParameters? Arima, ThetaParameters? Theta, ForecastBacktest? Backtest);

    /// <param name="Name">The model as R's forecast package names it, e.g. ETS(M,Ad,M).</param>
    /// <param name="Error">Whether the errors add to the level or scale it.</param>
    /// <param name="Trend">No trend, an additive one, or an additive one damped by phi.</param>
    /// <param name="Seasonality">The model's seasonality.</param>
    /// <param name="Beta">The slope's weight; 0 when the model has no trend.</param>
    /// <param name="Gamma">The season's weight; 0 when the model has no season.</param>
    /// <param name="Phi">The trend's damping; 1 when undamped.</param>
    /// <param name="Sigma2">The variance of the one-step errors (relative errors for a multiplicative error).</param>
    /// <param name="Aicc">The corrected Akaike information criterion the model was chosen by, as R's ets computes it; null when the series has too few points for it (no more than the parameters + 1).</param>
    /// <param name="Forms">Every form fitted with its Akaike weight: the ETS forecast is their weighted mean (Kolassa 2011), this form's intervals moved onto it.</param>
    public sealed record EtsParameters(
        string Name, ErrorType Error, TrendType Trend, Seasonality Seasonality, int SeasonLength, double Alpha, double Beta, double Gamma, double Phi,
        double Sigma2, double LogLikelihood, double? Aicc, IReadOnlyList<EtsFormWeight> Forms);

    /// <param name="Name">The form as R's forecast package names it.</param>
    /// <param name="Weight">Its Akaike weight, exp(−ΔAICc/2) normalised over the forms; 0 when it has no AICc.</param>
    /// <param name="Aicc">Its AICc; null when the series has too few points for it.</param>
    public sealed record EtsFormWeight(string Name, double Weight, double? Aicc);

    /// <param name="Name">The model as R's forecast package names it, e.g. ARIMA(1,1,0)(0,1,0)[12] or ARIMA(0,1,0) with drift.</param>
    /// <param name="Ar">The non-seasonal autoregressive coefficients, in R's sign convention.</param>
    /// <param name="Ma">The non-seasonal moving-average coefficients, in R's sign convention.</param>
    /// <param name="Constant">The mean (no differencing) or the drift per step (one difference); 0 when the model has neither.</param>
    /// <param name="Sigma2">The variance of the one-step errors.</param>
    /// <param name="Aicc">The corrected Akaike information criterion the orders were chosen by; null when the series has too few points for it.</param>
    public sealed record ArimaParameters(
        string Name, int P, int D, int Q, int SeasonalP, int SeasonalD, int SeasonalQ, int SeasonLength,
        IReadOnlyList<double> Ar, IReadOnlyList<double> Ma, IReadOnlyList<double> SeasonalAr, IReadOnlyList<double> SeasonalMa,
        double Constant, double Sigma2, double LogLikelihood, double? Aicc);

    /// <param name="SeasonLength">The season the series was adjusted for; 1 when none was found.</param>
    /// <param name="Alpha">Simple exponential smoothing's weight.</param>
    /// <param name="Drift">The drift per step: half the least-squares slope of the (seasonally adjusted) series.</param>
    /// <param name="Sigma2">The variance of simple exponential smoothing's one-step errors.</param>
    public sealed record ThetaParameters(int SeasonLength, double Alpha, double Drift, double Sigma2);

    /// <summary>One forecast step with its 80% and 95% prediction intervals.</summary>
    public sealed record ForecastStep(int Step, double Value, double Lower80, double Upper80, double Lower95, double Upper95);

    public sealed record ForecastResponse(ForecastModel Model, IReadOnlyList<ForecastStep> Points);

    private static readonly RequestExample ProfileExample = RequestExample.Csv(
        """
        month,visits,signups,revenue,channel
        2025-01,1200,85,4310.50,search
        2025-02,1340,91,4620.00,search
        2025-03,1290,,4480.25,social
        2025-04,1510,104,5105.75,search
        2025-05,1475,99,5010.00,email
        2025-06,1620,118,5590.40,social

        """,
        "CSV with a header row; empty cells and NA count as missing.");

    // Two years of monthly airline passengers (Box & Jenkins), enough for a yearly season.
    private static readonly RequestExample ForecastExample = RequestExample.Json(
        new ForecastRequest([112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140], 6, 12, null));

    private const string ProfileSummary = "Profile a dataset: column types, missing values, quantiles and correlations";

    private static readonly string ProfileDescription =
        $"A CSV upload with a header row, or (with Content-Type: application/json) a JSON array of flat row objects whose first " +
        $"row names the columns, each column once, up to {AnalysisRunService.MaxUploadBytes / 1024 / 1024} MB. A JSON number beyond a double's range (such as 1e400) is a 400 naming its " +
        $"row and field; a CSV cell is only text, so such a cell makes its column text. CSV fields are separated by commas (RFC 4180) and " +
        "a field holding a comma, such as a decimal comma, is quoted; a header of one column that holds a semicolon or a tab is a 400. Uploads over {BackgroundThresholdBytes / 1024 / 1024} MB, or sent with async=true, " +
        "are profiled by a background job: the answer is 202 with the job's address (GET /v1/jobs/{id}).";

    private const string ForecastSummary = "Forecast a time series with prediction intervals";
    private const string ForecastDescription = "Exponential smoothing (ETS) over error, trend and season forms, forecasting by their mean weighted by AICc (Akaike weights), ARIMA chosen by AICc after unit-root " +
        "tests, and Theta; whichever of the three or their mean forecast the series' own last points best answers. 80% and 95% prediction intervals come " +
        "from each candidate's own variance (the means of the three models' bounds for the mean), each level widened until it would have held its share " +
        "of the backtest's points, and are those of the four candidates' equal-weight mixture, so they allow for the choice among them too. The " +
        "response names the chosen model and every model's " +
        "parameters. Fixing seasonality gets ETS alone. The series needs at least two seasons (four points when seasonLength is 1).";
    private const string JobSummary = "Status and progress of a background profile, and its result once done";
    private const string JobDescription = "Only the organization that queued the job sees it.";

    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        // No Accepts metadata: routing would then send other media types to the catch-all (405), not to the 415 below.
        api.MapPost("/v1/profile", ProfileAsync)
            .WithTags("Profiling").WithSummary(ProfileSummary).WithDescription(ProfileDescription).WithMetadata(ProfileExample)
            .Produces<ProfileDocument>()
            .Produces<JobDocument>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/v1/forecast", Forecast)
            .WithTags("Forecasting").WithSummary(ForecastSummary).WithDescription(ForecastDescription).WithMetadata(ForecastExample)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapMethods("/v1/jobs/{id}", [HttpMethods.Get, HttpMethods.Head], JobAsync)
            .WithTags("Profiling").WithSummary(JobSummary).WithDescription(JobDescription).Produces<JobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static Results<SerializedJsonResult<ForecastResponse>, ProblemHttpResult> Forecast(JsonBody<ForecastRequest> body)
    {
        var request = body.Value;
        if (ForecastProblem(request) is { } problem)
        {
            return FirstPartyRequests.Invalid(problem);
        }

        var forecast = Forecaster.Forecast(request.Series!, request.Horizon, request.SeasonLength, request.Seasonality);
        return FirstPartyRequests.Finite(
            new ForecastResponse(
                ForecastModelOf(forecast),
                [.. forecast.Points.Select(p => new ForecastStep(p.Step, p.Value, p.Interval80.Lower, p.Interval80.Upper, p.Interval95.Lower, p.Interval95.Upper))]),
            FirstPartyRequests.Json,
            "'series'");
    }

    private static ForecastModel ForecastModelOf(Forecast forecast)
    {
        var (ets, forms, arima, theta) = (forecast.Ets, forecast.EtsForms, forecast.Arima, forecast.Theta);
        return new ForecastModel(
            forecast.Method,
            forecast.Name,
            new EtsParameters(ets.Name, ets.Form.Error, ets.Form.Trend, ets.Form.Season, ets.SeasonLength, ets.Alpha, ets.Beta, ets.Gamma, ets.Phi, ets.Sigma2, ets.LogLikelihood, Defined(ets.Aicc),
                [.. forms.Fits.Select((f, k) => new EtsFormWeight(f.Name, forms.Weights[k], Defined(f.Aicc)))]),
            arima is null ? null : new ArimaParameters(
                arima.Name, arima.Order.P, arima.Order.D, arima.Order.Q, arima.Order.SeasonalP, arima.Order.SeasonalD, arima.Order.SeasonalQ, arima.Order.SeasonLength,
                arima.Ar, arima.Ma, arima.SeasonalAr, arima.SeasonalMa, arima.Constant, arima.Sigma2, arima.LogLikelihood, Defined(arima.Aicc)),
            theta is null ? null : new ThetaParameters(theta.SeasonLength, theta.Alpha, theta.Drift, theta.Sigma2),
            forecast.Backtest);
    }

    // AICc divides by n − k − 1: with no more points than parameters + 1 it has no value (the engine holds infinity).
    private static double? Defined(double criterion) => double.IsFinite(criterion) ? criterion : null;

    /// <summary>What is wrong with a forecast request, naming the field; null when the forecaster can run it.</summary>
    internal static string? ForecastProblem(ForecastRequest request) =>
        request switch
        {
            { Series: null } => "'series' is required: the observations, oldest first.",
            { SeasonLength: < 1 or > MaxSeasonLength } => $"'seasonLength' must be between 1 and {MaxSeasonLength} (12 for monthly data with a yearly cycle, 1 for none).",
            { Series.Length: > MaxSeriesLength } => $"'series' has more than {MaxSeriesLength:N0} points.",
            _ when request.Series.Length < Forecaster.MinimumLength(request.SeasonLength) =>
                $"'series' needs at least {(request.SeasonLength > 1 ? "two seasons: " : "")}{Forecaster.MinimumLength(request.SeasonLength)} points.",
            { Horizon: < 1 or > MaxHorizon } => $"'horizon' must be between 1 and {MaxHorizon:N0} steps.",
            { Seasonality: not null, SeasonLength: 1 } => "'seasonality' needs a 'seasonLength' above 1: a series without a season has no seasonality to choose.",
            { Seasonality: Seasonality.Multiplicative } when request.Series.Any(v => v <= 0) => "'seasonality': multiplicative seasonality needs every value above 0.",
            _ => null,
        };

    /// <summary>Uploads above this size (or sent with <c>?async=true</c>) are profiled by a background job.</summary>
    public const long BackgroundThresholdBytes = 8 * 1024 * 1024;

    /// <summary>
    /// POST /v1/profile: the profile of a small upload, or 202 with the address of the background job that profiles a
    /// large one (or one sent with <c>?async=true</c>). The body is read here, not bound: the profiler reads CSV or JSON
    /// rows as a stream, and whether it is large shows only while it is read.
    /// </summary>
    private static async Task<Results<JsonHttpResult<ProfileDocument>, JsonHttpResult<JobDocument>, ProblemHttpResult>> ProfileAsync(
        HttpContext context,
        [FromQuery(Name = "async"), Description("true queues the profile as a background job and answers 202 with its address.")]
        bool? @async, AnalysisRunService runs, IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        FirstPartyRequests.AllowBody(context, AnalysisRunService.MaxUploadBytes);
        if (FormatOf(context.Request) is not { } format)
        {
            return TypedResults.Problem($"Send CSV (Content-Type: text/csv) or JSON rows (Content-Type: application/json), not {context.Request.ContentType}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported data format");
        }

        if (context.Request.ContentLength > BackgroundThresholdBytes || @async == true)
        {
            return await QueueProfileAsync(context, format, runs, jobs, cancellationToken);
        }

        // The profiler reads synchronously; Kestrel bodies are async-only, so the upload is buffered first
        // (in memory up to 1 MB, then in a temporary file). A chunked upload declares no length: its bytes are counted
        // as they arrive, and once past the threshold the job stores the upload from its start (read through the buffer,
        // which keeps its own temporary copy until the request ends; the job's store stops at the upload limit).
        context.Request.EnableBuffering(bufferThreshold: 1024 * 1024);
        var passedThreshold = await ReadPastAsync(context.Request.Body, BackgroundThresholdBytes, cancellationToken);
        context.Request.Body.Position = 0;
        if (passedThreshold)
        {
            return await QueueProfileAsync(context, format, runs, jobs, cancellationToken);
        }

        try
        {
            return TypedResults.Json(ProfileDocument.From(DatasetProfiler.Profile(context.Request.Body, format)), FirstPartyRequests.Json);
        }
        catch (DatasetFormatException e)
        {
            return FirstPartyRequests.Invalid(e.Message);
        }
    }

    /// <summary>Reads <paramref name="body"/> until its end or until more than <paramref name="limit"/> bytes have come; whether they did.</summary>
    private static async Task<bool> ReadPastAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>JSON rows for a JSON media type; CSV for a CSV or plain-text one, or none; null for anything else.</summary>
    private static DatasetFormat? FormatOf(HttpRequest request)
    {
        if (request.HasJsonContentType())
        {
            return DatasetFormat.JsonRows;
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        return request.ContentType is null or "" || mediaType is "text/csv" or "application/csv" or "text/plain"
            ? DatasetFormat.Csv
            : null;
    }

    /// <summary>
    /// 202 Accepted with the run's address; the customer follows its progress there or in the console. The public API
    /// calls a run a job (<c>/v1/jobs/{id}</c>, <c>"job"</c> in its documents): SDKs depend on that word, so it stays.
    /// </summary>
    private static async Task<Results<JsonHttpResult<ProfileDocument>, JsonHttpResult<JobDocument>, ProblemHttpResult>> QueueProfileAsync(
        HttpContext context, DatasetFormat format, AnalysisRunService runs, IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        AnalysisRunView run;
        try
        {
            run = await runs.QueueProfileAsync(GatewayCaller.Of(context).OrganizationId, context.Request.Body, format, cancellationToken);
        }
        catch (InvalidInputException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        }

        jobs.Enqueue<AnalysisRunJob>(job => job.RunAsync(run.Id, CancellationToken.None));
        // This API's options, so that the status reads as GET /v1/jobs/{id} writes it ("queued").
        var document = JobDocument.Of(run);
        context.Response.Headers.Location = document.StatusUrl;
        return TypedResults.Json(document, FirstPartyRequests.Json, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>GET /v1/jobs/{id}: status and progress, and the result once done; only the organization that sent it sees it.</summary>
    private static async Task<Results<JsonHttpResult<JobStatus>, ProblemHttpResult>> JobAsync(
        string id, HttpContext context, AnalysisRunService runs, CancellationToken cancellationToken)
    {
        var found = Guid.TryParse(id, out var runId) ? await runs.FindAsync(GatewayCaller.Of(context).OrganizationId, runId, cancellationToken) : null;
        if (found is not { } run)
        {
            return TypedResults.Problem($"No job '{id}' of your organization.", statusCode: StatusCodes.Status404NotFound, title: "Unknown job");
        }

        var result = run.ResultJson is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(run.ResultJson);
        return TypedResults.Json(new JobStatus(JobDocument.Of(run.View), result), FirstPartyRequests.Json);
    }

    /// <summary>A background profile as the API shows it.</summary>
    /// <param name="Kind">profile (CSV rows) or profile-json (JSON rows).</param>
    /// <param name="Progress">Percent of the upload read, 0 to 100.</param>
    /// <param name="StatusUrl">Where to ask for its status and result.</param>
    public sealed record JobDocument(
        Guid Id, string Kind, AnalysisRunStatus Status, int Progress, long InputBytes, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string StatusUrl)
    {
        public static JobDocument Of(AnalysisRunView run) =>
            new(run.Id, run.Kind, run.Status, run.Progress, run.InputBytes, run.Error, run.CreatedAt, run.CompletedAt, $"/gw/ai-analytics/v1/jobs/{run.Id}");
    }

    /// <param name="Result">The profile once the job has succeeded, else null.</param>
    public sealed record JobStatus(JobDocument Job, JsonElement? Result);
}
