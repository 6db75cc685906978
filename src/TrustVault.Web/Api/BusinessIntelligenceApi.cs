using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Analytics.BusinessIntelligence;

namespace TrustVault.Web.Api;

/// <summary>
/// The Business Intelligence API: subscription streams in, monthly revenue figures or cohort retention out; funnel
/// events in, step conversion out. Every bad record is named with its index ("streams[3].monthlyAmount").
/// </summary>
internal static class BusinessIntelligenceApi
{
    public const int MaxRecords = 100_000;
    public const int MaxReportMonths = 120;
    public const double MaxWindowHours = 366 * 24;

    /// <summary>
    /// A trillion a month: 100,000 streams of it over ten years of ARR stay far inside a decimal (7.9 × 10²⁸), whose
    /// sums would otherwise overflow.
    /// </summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    public sealed record StreamInput(
        string? CustomerId, string? SubscriptionId, string? ProductId, string? ProviderId,
        string? Start, string? End, decimal? MonthlyAmount, string? Currency, bool IsTrial);

    public sealed record ChargeInput(string? CustomerId, string? ProductId, string? ProviderId, string? At, decimal? Amount, string? Currency);

    public sealed record RevenueRequest(StreamInput?[]? Streams, string? From, string? To, ChargeInput?[]? OneOffCharges);

    public sealed record EventInput(string? SubjectId, string? Step, string? At);

    public sealed record FunnelRequest(EventInput?[]? Events, string?[]? Steps, double? WindowHours);

    public sealed record FunnelResponse(IReadOnlyList<FunnelStepResult> Steps, double WindowHours, decimal? OverallConversion);

    private static readonly RevenueRequest ExampleRevenue = new(
        [
            new StreamInput("c1", "s1", "starter", null, "2026-01-01", null, 50, "USD", false),
            new StreamInput("c2", "s2", "growth", null, "2026-02-01", "2026-04-01", 120, "USD", false),
            new StreamInput("c3", "s3", "starter", null, "2026-03-15", null, 50, "USD", true),
        ],
        "2026-01", "2026-06", [new ChargeInput("c1", "setup", null, "2026-01-05", 200, "USD")]);

    private const string MrrSummary = "MRR, ARR and new, expansion, contraction and churned MRR per month";
    private const string RetentionSummary = "Cohort retention matrix and net revenue retention";
    private const string FunnelSummary = "Step-by-step conversion of an event funnel";

    private static readonly string MrrDescription =
        $"Subscription streams (a customer paying a monthly amount from start to end) over up to {MaxReportMonths} months; trials count no MRR.";

    private const string RetentionDescription = "The same streams as /v1/mrr, grouped into monthly cohorts by first paid month.";

    private static readonly string FunnelDescription =
        $"Each subject converts at a step when it reaches it, in order, within 'windowHours' (at most {MaxWindowHours:N0}) of its first step.";

    private static readonly FunnelRequest ExampleFunnel = new(
        [
            new EventInput("u1", "visit", "2026-01-01T10:00:00Z"), new EventInput("u1", "signup", "2026-01-01T10:05:00Z"),
            new EventInput("u1", "purchase", "2026-01-02T09:00:00Z"), new EventInput("u2", "visit", "2026-01-01T11:00:00Z"),
            new EventInput("u2", "signup", "2026-01-01T11:30:00Z"), new EventInput("u3", "visit", "2026-01-01T12:00:00Z"),
        ],
        ["visit", "signup", "purchase"], 48);

    public static RouteGroupBuilder MapBusinessIntelligenceApi(this RouteGroupBuilder api)
    {
        api.MapPost("/v1/mrr", Mrr).WithTags("Revenue").WithSummary(MrrSummary).WithDescription(MrrDescription).WithMetadata(RequestExample.Json(ExampleRevenue)).Produces<MrrResponse>();
        api.MapPost("/v1/retention", Retention).WithTags("Retention").WithSummary(RetentionSummary).WithDescription(RetentionDescription).WithMetadata(RequestExample.Json(ExampleRevenue)).Produces<RetentionResponse>();
        api.MapPost("/v1/funnel", Funnel).WithTags("Funnels").WithSummary(FunnelSummary).WithDescription(FunnelDescription).WithMetadata(RequestExample.Json(ExampleFunnel)).Produces<FunnelResponse>();
        return api;
    }

    private static Results<JsonHttpResult<MrrResponse>, ProblemHttpResult> Mrr(JsonBody<RevenueRequest> body)
    {
        var (report, problem) = Analyze(body.Value);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Json(
            new MrrResponse(
                report!.Currency,
                [.. report.Months.Select(m => new MrrMonth(
                    Month(m.Month), m.Mrr, m.Arr, m.Customers, m.StartingMrr, m.StartingCustomers, m.Movements, m.MovementCounts,
                    m.LogoChurnRate, m.GrossMrrChurnRate, m.NetMrrChurnRate, m.NetRevenueRetention, m.TrailingTwelveMonthNrr,
                    m.TrailingTwelveMonthGrr, m.Arpu, m.Ltv, m.NonRecurringRevenue))],
                report.TopProducts,
                report.TopProviders),
            FirstPartyRequests.Json);
    }

    private static Results<JsonHttpResult<RetentionResponse>, ProblemHttpResult> Retention(JsonBody<RevenueRequest> body)
    {
        var (report, problem) = Analyze(body.Value);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Json(
            new RetentionResponse(
                report!.Currency,
                [.. report.Cohorts.Select(c => new RetentionCohort(Month(c.Month), c.Customers, c.Mrr, c.Cells))],
                // Gross revenue retention is what is left of starting MRR after contraction and churn, without
                // expansion: 1 − gross MRR churn rate.
                [.. report.Months.Select(m => new RetentionMonth(
                    Month(m.Month), m.NetRevenueRetention, 1 - m.GrossMrrChurnRate, m.TrailingTwelveMonthNrr, m.TrailingTwelveMonthGrr))]),
            FirstPartyRequests.Json);
    }

    /// <param name="Currency">The currency of every amount; null when the streams were sent without one.</param>
    public sealed record MrrResponse(string? Currency, IReadOnlyList<MrrMonth> Months, IReadOnlyList<RankedMrr> TopProducts, IReadOnlyList<RankedMrr> TopProviders);

    /// <summary>One month's recurring revenue, its movements and the rates derived from them; a rate is null where its denominator is 0.</summary>
    /// <param name="Month">yyyy-MM.</param>
    public sealed record MrrMonth(
        string Month, decimal Mrr, decimal Arr, int Customers, decimal StartingMrr, int StartingCustomers,
        MrrMovements Movements, MovementCounts MovementCounts,
        decimal? LogoChurnRate, decimal? GrossMrrChurnRate, decimal? NetMrrChurnRate, decimal? NetRevenueRetention,
        decimal? TrailingTwelveMonthNrr, decimal? TrailingTwelveMonthGrr, decimal? Arpu, decimal? Ltv, decimal NonRecurringRevenue);

    public sealed record RetentionResponse(string? Currency, IReadOnlyList<RetentionCohort> Cohorts, IReadOnlyList<RetentionMonth> Months);

    /// <summary>The customers whose first paid month is <paramref name="Month"/> (yyyy-MM), and what is left of them in each later month.</summary>
    public sealed record RetentionCohort(string Month, int Customers, decimal Mrr, IReadOnlyList<CohortCell> Cells);

    /// <param name="Month">yyyy-MM.</param>
    public sealed record RetentionMonth(
        string Month, decimal? NetRevenueRetention, decimal? GrossRevenueRetention, decimal? TrailingTwelveMonthNrr, decimal? TrailingTwelveMonthGrr);

    private static Results<JsonHttpResult<FunnelResponse>, ProblemHttpResult> Funnel(JsonBody<FunnelRequest> body)
    {
        var request = body.Value;
        var (events, problem) = Events(request);
        if (problem is not null)
        {
            return FirstPartyRequests.Invalid(problem);
        }

        FunnelResult result;
        try
        {
            result = FunnelAnalyzer.Analyze(events, request.Steps!.Select(s => s!).ToList(), TimeSpan.FromHours(request.WindowHours!.Value));
        }
        catch (ArgumentException e)
        {
            return FirstPartyRequests.Invalid(FirstPartyRequests.EngineProblem(e, x => x.ParamName == "window" ? "windowHours" : "steps"));
        }

        return TypedResults.Json(new FunnelResponse(result.Steps, result.Window.TotalHours, result.OverallConversion), FirstPartyRequests.Json);
    }

    /// <summary>Checks a revenue request and runs the analyzer; the problem to answer instead when it is invalid.</summary>
    private static (RevenueReport? Report, ProblemHttpResult? Problem) Analyze(RevenueRequest request)
    {
        var (input, problem) = Revenue(request);
        if (problem is not null)
        {
            return (null, FirstPartyRequests.Invalid(problem));
        }

        try
        {
            return (RevenueAnalyzer.Analyze(input.Streams, input.From, input.To, oneOffCharges: input.Charges), null);
        }
        catch (ArgumentException e)
        {
            return (null, FirstPartyRequests.Invalid(FirstPartyRequests.EngineProblem(e, x => x.ParamName switch
            {
                "fromMonth" => "from",
                "toMonth" => "to",
                "charges" => "oneOffCharges",
                _ => "streams",
            })));
        }
    }

    internal sealed record RevenueInput(IReadOnlyList<RevenueStream> Streams, DateOnly From, DateOnly To, IReadOnlyList<OneOffCharge> Charges);

    internal static (RevenueInput Input, string? Problem) Revenue(RevenueRequest request)
    {
        var none = new RevenueInput([], default, default, []);
        if (!TryParseMonth(request.From, out var from))
        {
            return (none, "'from' must be a month written yyyy-MM, e.g. 2026-01.");
        }

        if (!TryParseMonth(request.To, out var to))
        {
            return (none, "'to' must be a month written yyyy-MM, e.g. 2026-06.");
        }

        if (from.Year < 1900 || to.Year > 9998)
        {
            return (none, "'from' and 'to' must be months from 1900-01 to 9998-12.");
        }

        if (to < from)
        {
            return (none, "'to' must not be before 'from'.");
        }

        if (((to.Year - from.Year) * 12) + to.Month - from.Month + 1 > MaxReportMonths)
        {
            return (none, $"'from' to 'to' spans more than {MaxReportMonths} months.");
        }

        if (request.Streams is null)
        {
            return (none, "'streams' is required: the priced periods of each subscription.");
        }

        if (request.Streams.Length > MaxRecords || request.OneOffCharges?.Length > MaxRecords)
        {
            return (none, $"'{(request.Streams.Length > MaxRecords ? "streams" : "oneOffCharges")}' has more than {MaxRecords:N0} records.");
        }

        string? currency = null;
        string? CheckCurrency(string? code, string field)
        {
            if (code is null || code.Trim().Length != 3 || !code.Trim().All(char.IsAsciiLetter))
            {
                return $"'{field}' must be a three-letter currency code such as USD.";
            }

            if (!CurrencyCodes.IsKnown(code.Trim()))
            {
                return $"'{field}' is {code.Trim()}, which is no ISO 4217 currency code: send one such as USD or EUR.";
            }

            currency ??= code.Trim();
            return string.Equals(currency, code.Trim(), StringComparison.OrdinalIgnoreCase)
                ? null
                : $"'{field}' is {code.Trim()} but earlier records are in {currency}: send one currency at a time.";
        }

        var streams = new List<RevenueStream>(request.Streams.Length);
        for (var i = 0; i < request.Streams.Length; i++)
        {
            var field = $"streams[{i}]";
            if (request.Streams[i] is not { } s)
            {
                return (none, $"'{field}' must be an object.");
            }

            var hasStart = FirstPartyRequests.TryParseTime(s.Start, out var start);
            var hasEnd = FirstPartyRequests.TryParseTime(s.End, out var endTime);
            DateTimeOffset? end = hasEnd ? endTime : null;
            var problem = string.IsNullOrWhiteSpace(s.CustomerId) ? $"'{field}.customerId' is required."
                : !hasStart ? $"'{field}.start' must be a date (2026-01-15) or an ISO 8601 time."
                : s.End is not null && !hasEnd ? $"'{field}.end' must be a date (2026-03-01) or an ISO 8601 time, or null while the stream runs."
                : end <= start ? $"'{field}.end' must be after its start."
                : s.MonthlyAmount is null ? $"'{field}.monthlyAmount' is required."
                : s.MonthlyAmount < 0 ? $"'{field}.monthlyAmount' must be 0 or more."
                : s.MonthlyAmount > MaxAmount ? $"'{field}.monthlyAmount' must be at most {MaxAmount:N0}."
                : CheckCurrency(s.Currency, $"{field}.currency");
            if (problem is not null)
            {
                return (none, problem);
            }

            streams.Add(new RevenueStream(
                s.CustomerId!, s.SubscriptionId ?? $"{i}", s.ProductId ?? "", s.ProviderId ?? "", start, end, s.MonthlyAmount!.Value, s.Currency!.Trim(), s.IsTrial));
        }

        var charges = new List<OneOffCharge>();
        for (var i = 0; i < (request.OneOffCharges?.Length ?? 0); i++)
        {
            var field = $"oneOffCharges[{i}]";
            if (request.OneOffCharges![i] is not { } c)
            {
                return (none, $"'{field}' must be an object.");
            }

            var hasAt = FirstPartyRequests.TryParseTime(c.At, out var at);
            var problem = string.IsNullOrWhiteSpace(c.CustomerId) ? $"'{field}.customerId' is required."
                : !hasAt ? $"'{field}.at' must be a date (2026-01-15) or an ISO 8601 time."
                : c.Amount is null ? $"'{field}.amount' is required (negative for a refund)."
                : Math.Abs(c.Amount.Value) > MaxAmount ? $"'{field}.amount' must be from -{MaxAmount:N0} to {MaxAmount:N0}."
                : CheckCurrency(c.Currency, $"{field}.currency");
            if (problem is not null)
            {
                return (none, problem);
            }

            charges.Add(new OneOffCharge(c.CustomerId!, c.ProductId ?? "", c.ProviderId ?? "", at, c.Amount!.Value, c.Currency!.Trim()));
        }

        return (new RevenueInput(streams, from, to, charges), null);
    }

    internal static (IReadOnlyList<FunnelEvent> Events, string? Problem) Events(FunnelRequest request)
    {
        if (request.Steps is null)
        {
            return ([], "'steps' is required: the funnel's step names in order.");
        }

        if (request.Steps.Length is < 2 or > FunnelAnalyzer.MaxSteps)
        {
            return ([], $"'steps' must name 2 to {FunnelAnalyzer.MaxSteps} steps.");
        }

        for (var i = 0; i < request.Steps.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(request.Steps[i]))
            {
                return ([], $"'steps[{i}]' must be a step name.");
            }
        }

        if (request.WindowHours is not { } hours || !(hours > 0 && hours <= MaxWindowHours))
        {
            return ([], $"'windowHours' must be above 0 and at most {MaxWindowHours:N0} (a year).");
        }

        if (request.Events is null)
        {
            return ([], "'events' is required: what each subject did, with its step and time.");
        }

        if (request.Events.Length > MaxRecords)
        {
            return ([], $"'events' has more than {MaxRecords:N0} records.");
        }

        var events = new List<FunnelEvent>(request.Events.Length);
        for (var i = 0; i < request.Events.Length; i++)
        {
            var field = $"events[{i}]";
            var e = request.Events[i];
            var hasAt = FirstPartyRequests.TryParseTime(e?.At, out var at);
            var problem = e is null ? $"'{field}' must be an object."
                : string.IsNullOrWhiteSpace(e.SubjectId) ? $"'{field}.subjectId' is required."
                : string.IsNullOrWhiteSpace(e.Step) ? $"'{field}.step' is required."
                : !hasAt ? $"'{field}.at' must be an ISO 8601 time such as 2026-01-15T10:00:00Z."
                : null;
            if (problem is not null)
            {
                return ([], problem);
            }

            events.Add(new FunnelEvent(e!.SubjectId!, e.Step!, at));
        }

        return (events, null);
    }

    private static bool TryParseMonth(string? text, out DateOnly month) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
