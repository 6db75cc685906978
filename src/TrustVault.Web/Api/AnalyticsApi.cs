using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
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

    /// <summary>The first-party reading rules, with enums as their PascalCase names ("Multiplicative", "Succeeded").</summary>
    private static readonly JsonSerializerOptions Json = FirstPartyRequests.JsonWith(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));

    /// <param name="SeasonLength">Periods in a season (12 for monthly data with a yearly cycle); 1 for data without a season.</param>
    /// <param name="Seasonality">Additive, Multiplicative or None; left out, the forecaster picks the model by AICc.</param>
    public sealed record ForecastRequest(double[]? Series, int Horizon, int SeasonLength, Seasonality? Seasonality);

    /// <param name="Seasonality">The chosen model's seasonality: Additive, Multiplicative or None.</param>
    /// <param name="Beta">The slope's weight; 0 when the model has no trend.</param>
    /// <param name="Gamma">The season's weight; 0 when the model has no season.</param>
    /// <param name="Name">The chosen exponential smoothing model as R's forecast package names it, e.g. ETS(M,Ad,M).</param>
    /// <param name="Error">Additive or Multiplicative.</param>
    /// <param name="Trend">None, Additive or AdditiveDamped.</param>
    /// <param name="Phi">The trend's damping; 1 when undamped.</param>
    /// <param name="Sigma2">The variance of the one-step errors (relative errors for a multiplicative error).</param>
    /// <param name="Aicc">The corrected Akaike information criterion the model was chosen by, as R's ets computes it.</param>
    public sealed record ForecastModel(
        string Seasonality, double Alpha, double Beta, double Gamma, string Name, string Error, string Trend, double Phi, double Sigma2, double Aicc);

    /// <summary>One forecast step with its 80% and 95% prediction intervals.</summary>
    public sealed record ForecastStep(int Step, double Value, double Lower80, double Upper80, double Lower95, double Upper95);

    public sealed record ForecastResponse(ForecastModel Model, IReadOnlyList<ForecastStep> Points);

    public static IEnumerable<FirstPartyRoute> Routes =>
    [
        new("POST", "v1/profile", "Profiling", "Profile a dataset: column types, missing values, quantiles and correlations", ProfileAsync)
        {
            Description = $"A CSV upload with a header row, or (with Content-Type: application/json) a JSON array of flat row objects whose first " +
                $"row names the columns, up to {AnalysisRunService.MaxUploadBytes / 1024 / 1024} MB. Uploads over {BackgroundThresholdBytes / 1024 / 1024} MB, or sent with async=true, " +
                "are profiled by a background job: the answer is 202 with the job's address (GET /v1/jobs/{id}).",
            Body = FirstPartyBody.Csv(
                """
                month,visits,signups,revenue,channel
                2025-01,1200,85,4310.50,search
                2025-02,1340,91,4620.00,search
                2025-03,1290,,4480.25,social
                2025-04,1510,104,5105.75,search
                2025-05,1475,99,5010.00,email
                2025-06,1620,118,5590.40,social

                """,
                "CSV with a header row; empty cells and NA count as missing."),
            Query = [new("async", "boolean", "true queues the profile as a background job and answers 202 with its address.")],
            Response = typeof(ProfileDocument),
            Successes = [StatusCodes.Status200OK, StatusCodes.Status202Accepted],
            Problems = [StatusCodes.Status415UnsupportedMediaType],
            Json = Json,
        },
        new("POST", "v1/forecast", "Forecasting", ForecastSummary, Handle: null)
        {
            Description = ForecastDescription,
            // Two years of monthly airline passengers (Box & Jenkins), enough for a yearly season.
            Body = FirstPartyBody.Json(
                new ForecastRequest([112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140], 6, 12, null),
                Json),
            Response = typeof(ForecastResponse),
            Problems = [StatusCodes.Status422UnprocessableEntity],
            Json = Json,
        },
        new("GET", "v1/jobs/{id}", "Profiling", JobSummary, Handle: null)
        {
            Description = JobDescription,
            Problems = [StatusCodes.Status404NotFound],
            Json = Json,
        },
    ];

    private const string ForecastSummary = "Forecast a time series with prediction intervals";
    private const string ForecastDescription = "Exponential smoothing (ETS) chosen by AICc among error, trend and season forms, with 80% and 95% prediction intervals from the " +
        "chosen model. The series needs at least two seasons (four points when seasonLength is 1).";
    private const string JobSummary = "Status and progress of a background profile, and its result once done";
    private const string JobDescription = "Only the organization that queued the job sees it.";

    public static RouteGroupBuilder MapAnalyticsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/v1/forecast", Forecast)
            .WithTags("Forecasting").WithSummary(ForecastSummary).WithDescription(ForecastDescription)
            .WithMetadata(new FirstPartyJsonOptions(Json))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapMethods("/v1/jobs/{id}", [HttpMethods.Get, HttpMethods.Head], JobAsync)
            .WithTags("Profiling").WithSummary(JobSummary).WithDescription(JobDescription)
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
                ForecastModelOf(forecast.Model),
                [.. forecast.Points.Select(p => new ForecastStep(p.Step, p.Value, p.Interval80.Lower, p.Interval80.Upper, p.Interval95.Lower, p.Interval95.Upper))]),
            Json,
            "'series'");
    }

    private static ForecastModel ForecastModelOf(EtsModel model) =>
        new(model.Form.Season.ToString(), model.Alpha, model.Beta, model.Gamma, model.Name, model.Form.Error.ToString(), model.Form.Trend.ToString(),
            model.Phi, model.Sigma2, model.Aicc);

    /// <summary>What is wrong with a forecast request, naming the field; null when the forecaster can run it.</summary>
    internal static string? ForecastProblem(ForecastRequest request) =>
        request switch
        {
            { Series: null } => "'series' is required: the observations, oldest first.",
            { SeasonLength: < 1 or > 366 } => "'seasonLength' must be 1 to 366 (12 for monthly data with a yearly cycle, 1 for none).",
            { Series.Length: > MaxSeriesLength } => $"'series' has more than {MaxSeriesLength:N0} points.",
            _ when request.Series.Length < Forecaster.MinimumLength(request.SeasonLength) =>
                $"'series' needs at least {(request.SeasonLength > 1 ? "two seasons: " : "")}{Forecaster.MinimumLength(request.SeasonLength)} points.",
            { Horizon: < 1 or > 1000 } => "'horizon' must be 1 to 1,000 steps.",
            { Seasonality: Seasonality.Multiplicative } when request.Series.Any(v => v <= 0) => "Multiplicative seasonality needs every value above 0.",
            _ => null,
        };

    /// <summary>Uploads above this size (or sent with <c>?async=true</c>) are profiled by a background job.</summary>
    public const long BackgroundThresholdBytes = 8 * 1024 * 1024;

    public static async Task ProfileAsync(HttpContext context)
    {
        FirstPartyRequests.AllowBody(context, AnalysisRunService.MaxUploadBytes);
        if (FormatOf(context.Request) is not { } format)
        {
            await FirstPartyRequests.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported data format",
                $"Send CSV (Content-Type: text/csv) or JSON rows (Content-Type: application/json), not {context.Request.ContentType}.");
            return;
        }

        if (context.Request.ContentLength > BackgroundThresholdBytes || context.Request.Query["async"] == "true")
        {
            await QueueProfileAsync(context, format);
            return;
        }

        // The profiler reads synchronously; Kestrel bodies are async-only, so the upload is buffered first
        // (in memory up to 1 MB, then in a temporary file). A chunked upload declares no length: its bytes are counted
        // as they arrive, and once past the threshold the job stores the upload from its start (read through the buffer,
        // which keeps its own temporary copy until the request ends; the job's store stops at the upload limit).
        context.Request.EnableBuffering(bufferThreshold: 1024 * 1024);
        var passedThreshold = await ReadPastAsync(context.Request.Body, BackgroundThresholdBytes, context.RequestAborted);
        context.Request.Body.Position = 0;
        if (passedThreshold)
        {
            await QueueProfileAsync(context, format);
            return;
        }

        DatasetProfile profile;
        try
        {
            profile = DatasetProfiler.Profile(context.Request.Body, format);
        }
        catch (DatasetFormatException e)
        {
            await FirstPartyRequests.BadRequestAsync(context, e.Message);
            return;
        }

        await context.Response.WriteAsJsonAsync(ProfileDocument.From(profile), Json, context.RequestAborted);
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
    private static async Task QueueProfileAsync(HttpContext context, DatasetFormat format)
    {
        var caller = GatewayCaller.Of(context);
        var runs = context.RequestServices.GetRequiredService<AnalysisRunService>();
        AnalysisRunView run;
        try
        {
            run = await runs.QueueProfileAsync(caller.OrganizationId, context.Request.Body, format, context.RequestAborted);
        }
        catch (InvalidInputException e)
        {
            await FirstPartyRequests.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Too large", e.Message);
            return;
        }

        context.RequestServices.GetRequiredService<IBackgroundJobClient>().Enqueue<AnalysisRunJob>(job => job.RunAsync(run.Id, CancellationToken.None));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.Location = $"/gw/ai-analytics/v1/jobs/{run.Id}";
        await context.Response.WriteAsJsonAsync(JobDocument(run), Json, context.RequestAborted);
    }

    /// <summary>GET /v1/jobs/{id}: status and progress, and the result once done; only the organization that sent it sees it.</summary>
    private static async Task<Results<JsonHttpResult<object>, ProblemHttpResult>> JobAsync(
        string id, HttpContext context, AnalysisRunService runs, CancellationToken cancellationToken)
    {
        var found = Guid.TryParse(id, out var runId) ? await runs.FindAsync(GatewayCaller.Of(context).OrganizationId, runId, cancellationToken) : null;
        if (found is not { } run)
        {
            return TypedResults.Problem($"No job '{id}' of your organization.", statusCode: StatusCodes.Status404NotFound, title: "Unknown job");
        }

        var result = run.ResultJson is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(run.ResultJson);
        return TypedResults.Json<object>(new { job = JobDocument(run.View), result }, Json);
    }

    private static object JobDocument(AnalysisRunView run) =>
        new { run.Id, run.Kind, run.Status, run.Progress, run.InputBytes, run.Error, run.CreatedAt, run.CompletedAt, statusUrl = $"/gw/ai-analytics/v1/jobs/{run.Id}" };
}
