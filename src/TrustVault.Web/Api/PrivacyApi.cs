using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Errors;
using TrustVault.Web.Gateway;
using static TrustVault.Web.Api.FirstPartyRequests;

namespace TrustVault.Web.Api;

/// <summary>
/// The Privacy-Preserving Analytics API: differentially private releases charged to the budget of a dataset the caller's
/// organization registered (by its id) and to the organization's monthly cap, and Paillier sums computed without a private key.
/// </summary>
internal static class PrivacyApi
{
    public const int MaxJsonBytes = 10 * 1024 * 1024;
    public const int MaxValues = 1_000_000;

    /// <summary>100,000 ciphertexts of a 2048-bit key are about 70 MB in base64, 100 MB in hex, 125 MB in decimal.</summary>
    public const int MaxPaillierBytes = 128 * 1024 * 1024;

    public const int MaxCiphertexts = 100_000;
    public const int MinModulusBits = 1024;
    public const int MaxModulusBits = 4096;


    private enum Query
    {
        Count,
        Sum,
        Mean,
        Histogram,
    }

    public sealed record DpRequest(
        string? Dataset, double[]? Values, double? Lower, double? Upper, [property: Range(1, DifferentialPrivacy.MaxBins)] int? Bins, double[]? BinEdges,
        string? Mechanism, double? Epsilon, double? Delta);

    /// <summary>What remains after this release of the dataset's budget and of the organization's cap for the month.</summary>
    public sealed record DpRemainingBudget(double RemainingEpsilon, double RemainingDelta, double RemainingMonthlyEpsilon);

    /// <summary>The query a release answered, the dataset charged (its id) and what its budget has left.</summary>
    internal sealed record DpRelease(string Query, string Dataset, DpRemainingBudget Budget);

    /// <param name="Value">The released number, a multiple of <paramref name="Granularity"/>.</param>
    /// <param name="Mechanism">"laplace" or "gaussian".</param>
    /// <param name="NoiseScale">The Laplace scale λ or the Gaussian σ.</param>
    /// <param name="ErrorBound95">The true answer lies within ± this of the value with about 95% probability.</param>
    /// <param name="Granularity">The grid every released value is a multiple of.</param>
    public sealed record DpNoisyValue(double Value, string Mechanism, double Epsilon, double Delta, double NoiseScale, double ErrorBound95, double Granularity)
    {
        internal static DpNoisyValue Of(NoisyValue released) => new(
            released.Value, Name(released.Mechanism), released.Epsilon, released.Delta, released.NoiseScale, released.ErrorBound95, released.Granularity);
    }

    /// <summary>A differentially private count or sum.</summary>
    /// <param name="Value">The released number, a multiple of <paramref name="Granularity"/>.</param>
    /// <param name="Mechanism">"laplace" or "gaussian".</param>
    /// <param name="NoiseScale">The Laplace scale λ or the Gaussian σ.</param>
    /// <param name="ErrorBound95">The true answer lies within ± this of the value with about 95% probability.</param>
    /// <param name="Granularity">The grid every released value is a multiple of.</param>
    /// <param name="Query">"count" or "sum".</param>
    public sealed record DpValueResponse(
        double Value, string Mechanism, double Epsilon, double Delta, double NoiseScale, double ErrorBound95, double Granularity, string Query, string Dataset, DpRemainingBudget Budget)
    {
        internal static DpValueResponse Of(NoisyValue released, DpRelease release) => new(
            released.Value, Name(released.Mechanism), released.Epsilon, released.Delta, released.NoiseScale, released.ErrorBound95, released.Granularity,
            release.Query, release.Dataset, release.Budget);
    }

    /// <summary>A differentially private mean: the noisy sum over the noisy count, clamped to the bounds.</summary>
    /// <param name="ErrorBound95">A first-order (delta-method) 95% half-width computed from the released parts, so approximate.</param>
    /// <param name="Sum">The released sum; its ε and δ are nominal halves, the guarantee is for the pair.</param>
    /// <param name="Count">The released count; its ε and δ are nominal halves, the guarantee is for the pair.</param>
    public sealed record DpMeanResponse(
        double Value, string Mechanism, double Epsilon, double Delta, double ErrorBound95, DpNoisyValue Sum, DpNoisyValue Count, string Query, string Dataset, DpRemainingBudget Budget)
    {
        internal static DpMeanResponse Of(NoisyMean released, DpRelease release) => new(
            released.Value, Name(released.Mechanism), released.Epsilon, released.Delta, released.ErrorBound95, DpNoisyValue.Of(released.Sum), DpNoisyValue.Of(released.Count),
            release.Query, release.Dataset, release.Budget);
    }

    /// <summary>A differentially private histogram: one noisy count per bin, each bin's noise spending the whole ε.</summary>
    /// <param name="Bins">[lower, upper) per bin, the last bin including its upper edge.</param>
    public sealed record DpHistogramResponse(
        IReadOnlyList<HistogramBin> Bins, string Mechanism, double Epsilon, double Delta, double NoiseScale, double ErrorBound95, double Granularity, string Query, string Dataset, DpRemainingBudget Budget)
    {
        internal static DpHistogramResponse Of(NoisyHistogram released, DpRelease release) => new(
            released.Bins, Name(released.Mechanism), released.Epsilon, released.Delta, released.NoiseScale, released.ErrorBound95, released.Granularity,
            release.Query, release.Dataset, release.Budget);
    }

    public sealed record PaillierPublicKeyInput(string? N);

    /// <param name="Encoding">How every number in the request and the answer is written: "decimal" (the default: decimal
    /// digits, or 0x-prefixed hex when the key is written so) or "base64" (big-endian unsigned bytes, about half the size).</param>
    public sealed record PaillierRequest(PaillierPublicKeyInput? PublicKey, string?[]? Ciphertexts, string? Encoding = null);

    /// <param name="Ciphertext">The encrypted sum, written as the request's numbers.</param>
    /// <param name="Count">How many ciphertexts were added: the divisor of a mean.</param>
    public sealed record PaillierResponse(string Ciphertext, int Count);

    private static readonly double[] ExampleValues = [12.5, 40, 33, 78.25, 55, 19.9];

    /// <summary>The demo customer's dataset, so the examples answer the demo key on a seeded app.</summary>
    private static readonly string ExampleDataset = DemoSeedOptions.CustomerPrivacyDatasetId.ToString();

    /// <summary>A 1024-bit test key's modulus and encryptions of 12 and 30 under it, so the example sums to an encryption of 42.</summary>
    private static readonly PaillierRequest ExamplePaillier = new(
        new PaillierPublicKeyInput("0xb41a5d9707aeb832792bc1daf3abfae2f463c21b175d41f6be0c09ee530dca041dec60e4ac7c4cd02f4ba398e15f0ef40eefe0bb548fb2683cf6439af40fc47e10383fb8c18047d39ef5fc5f0f04029e5ef3a63c7f2b0ef7f18f80f21854a9e28d3e0771620eeba403dc47dc582bb5654b18ba3c2073ad4de39b65a514d84bcd"),
        [
            "0x55bf1ed027475138c53eb08ee3d842e5e078f71e4974f8134b34c772d271e26baa23868bde43942f1ca6354d0751b635dcac71f9dbc511ff932c6cee92261922852b8db65e5196dbc9b1a3de7933b66f0717b3d90c4dcc3f7acdbd0dc6bddd7e19e4b7b9f076314e0a5994df1f6072c9e59c3c49370b9d966d3754735ce96d5d7a5231a926fe4148cc5a52307f836b53cebd55cdda75dda04646c9ece2497ce0e2c839c5e0c6f4bba94a9397d9ea9a2836280fe7236454cdc3c9df78a3a7c60bac0eef659df01a41707d4915b6a8487ee2bcf114b7c6c694b6ac236ec2cf90f709c34a9db6a0e420a1fcc19083f6ea4c782d5a63a62a29a7e8dca8d5f6abc88e",
            "0x648399f3d31c1612eefaa6a892c1f42c9a879d9a0a4307bf8382519a01072c324583ed8305d36c0d902e6dc517562256a6e3ff9378f161e3b970c1f12274b5748c6b30738e159fb4c3e813505858f23127ea2fd119826ef109c5dac2d2d6c3d2748cb724deb120945fd7e3bb817ecae3eeec9f55c4ac9688b8af9ebce93e6ed67800b2b09e36be62dd71c125ba293e91d407c4a99a6fe2a4a3daf50fc00718439f09420dc7060b05850d47a6f2fb96792b9b71592e304551db9dba5c5af71121911aa61fcd17065317a2e20d09b6c6a5b9fafeeee5dfe3f4b2de637a9f5a31291fbb2443d96005bb3c6cacfd2c923ffa4280da54f134c86b8d6bf1b75251d6f0",
        ]);

    /// <summary>The same request as <see cref="ExamplePaillier"/> in the compact encoding.</summary>
    private static readonly PaillierRequest ExamplePaillierBase64 = new(
        new PaillierPublicKeyInput("tBpdlweuuDJ5K8Ha86v64vRjwhsXXUH2vgwJ7lMNygQd7GDkrHxM0C9Lo5jhXw70Du/gu1SPsmg89kOa9A/EfhA4P7jBgEfTnvX8Xw8EAp5e86Y8fysO9/GPgPIYVKnijT4HcWIO66QD3EfcWCu1ZUsYujwgc61N45tlpRTYS80="),
        [
            "Vb8e0CdHUTjFPrCO49hC5eB49x5JdPgTSzTHctJx4muqI4aL3kOULxymNU0HUbY13Kxx+dvFEf+TLGzukiYZIoUrjbZeUZbbybGj3nkztm8HF7PZDE3MP3rNvQ3Gvd1+GeS3ufB2MU4KWZTfH2ByyeWcPEk3C52WbTdUc1zpbV16UjGpJv5BSMxaUjB/g2tTzr1Vzdp13aBGRsns4kl84OLIOcXgxvS7qUqTl9nqmig2KA/nI2RUzcPJ33ijp8YLrA7vZZ3wGkFwfUkVtqhIfuK88RS3xsaUtqwjbsLPkPcJw0qdtqDkIKH8wZCD9upMeC1aY6YqKafo3KjV9qvIjg==",
            "ZIOZ89McFhLu+qaoksH0LJqHnZoKQwe/g4JRmgEHLDJFg+2DBdNsDZAubcUXViJWpuP/k3jxYeO5cMHxInS1dIxrMHOOFZ+0w+gTUFhY8jEn6i/RGYJu8QnF2sLS1sPSdIy3JN6xIJRf1+O7gX7K4+7sn1XErJaIuK+evOk+btZ4ALKwnja+Yt1xwSW6KT6R1AfEqZpv4qSj2vUPwAcYQ58JQg3HBgsFhQ1HpvL7lnkrm3FZLjBFUdudulxa9xEhkRqmH80XBlMXouINCbbGpbn6/u7l3+P0st5jep9aMSkfuyRD2WAFuzxsrP0skj/6QoDaVPE0yGuNa/G3UlHW8A==",
        ],
        "base64");

    /// <summary>The compact form first: the Try it panel prefills the first example.</summary>
    private static readonly RequestExample[] PaillierExamples =
    [
        RequestExample.Json(ExamplePaillierBase64) with { Name = "Base64 (compact)" },
        RequestExample.Json(ExamplePaillier) with { Name = "Decimal or 0x-hex" },
    ];

    private const string CountSummary = "Differentially private count, charged to the dataset's privacy budget";
    private const string SumSummary = "Differentially private sum of values clamped to public bounds";
    private const string MeanSummary = "Differentially private mean of values clamped to public bounds";
    private const string HistogramSummary = "Differentially private histogram";
    private const string BudgetSummary = "Privacy budget spent and remaining for a dataset, and the organization's monthly cap";
    private const string PaillierSumSummary = "Sum Paillier-encrypted values without decrypting them";
    private const string PaillierMeanSummary = "Encrypted sum and count of Paillier-encrypted values, for a mean";

    /// <summary>
    /// The problem type of a release refused because the dataset's budget or the organization's monthly cap does not cover it
    /// (RFC 9457 §3.1.1); its 'budget' member says which.
    /// </summary>
    public const string BudgetExhaustedType = "https://trustvault.dev/problems/privacy-budget-exhausted";

    private const string DpTag = "Differential privacy";
    private const string PaillierTag = "Encrypted aggregation";

    private const string DpDescription =
        "'dataset' is the id of a dataset your organization registered (console: Privacy datasets, or POST /api/v1/organizations/{organizationId}/privacy/datasets). " +
        "Each release spends 'epsilon' (and for gaussian 'delta') from that dataset's budget and 'epsilon' from your organization's cap for the calendar month (UTC), which all of its datasets share. " +
        "When either does not cover a release the answer is 403 with type " + BudgetExhaustedType + " and 'budget' \"dataset\" (never refills) or \"organizationMonth\" (resets at 'resetsAt'); " +
        "'epsilon' or 'delta' above the dataset's whole budget, or 'epsilon' above the whole monthly cap, is a 400. " +
        "An unknown dataset is a 404, an archived one a 409. A field the query does not read ('bins' for a count) is a 400.";

    private const string BoundedDescription = DpDescription + " Values are clamped to the public bounds 'lower' and 'upper'.";

    private const string HistogramDescription = DpDescription +
        " Bins are 'binEdges' (ascending), or 'bins' of equal width from 'lower' to 'upper'; values outside the edges are not counted.";

    private static string PaillierMeanDescription =>
        PaillierDescription + " Paillier cannot divide a ciphertext: the key holder decrypts the sum and divides by the count.";

    private static string PaillierDescription =>
        $"The public key's modulus 'n' ({MinModulusBits} to {MaxModulusBits} bits) and up to {MaxCiphertexts:N0} ciphertexts, as base64 of their big-endian unsigned bytes with \"encoding\": \"base64\" (the compact form, a little over half the size of decimal and read without decimal conversion) or as decimal strings or 0x-hex (the default \"encoding\": \"decimal\"). Each ciphertext must lie above 0, below n² and be coprime with n, or the answer is a 400 naming its index. The answer writes the sum as the request wrote its numbers.";

    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder api)
    {
        api.MapDpRelease("/v1/dp/count", CountAsync, CountSummary, DpDescription, new DpRequest(ExampleDataset, ExampleValues, null, null, null, null, "laplace", 0.25, null));
        api.MapDpRelease("/v1/dp/sum", SumAsync, SumSummary, BoundedDescription, new DpRequest(ExampleDataset, ExampleValues, 0, 100, null, null, "laplace", 0.25, null));
        api.MapDpRelease("/v1/dp/mean", MeanAsync, MeanSummary, BoundedDescription, new DpRequest(ExampleDataset, ExampleValues, 0, 100, null, null, "gaussian", 0.25, 1e-7));
        api.MapDpRelease("/v1/dp/histogram", HistogramAsync, HistogramSummary, HistogramDescription, new DpRequest(ExampleDataset, ExampleValues, 0, 100, 4, null, "laplace", 0.25, null));
        api.MapMethods("/v1/dp/budget", [HttpMethods.Get, HttpMethods.Head], BudgetAsync)
            .WithTags(DpTag).WithSummary(BudgetSummary).WithMetadata(new QueryExample("dataset", ExampleDataset)).Produces<PrivacyBudgetStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/v1/paillier/sum", PaillierSum)
            .WithTags(PaillierTag).WithSummary(PaillierSumSummary).WithDescription(PaillierDescription).WithMetadata([new RequestSizeLimitAttribute(MaxPaillierBytes), .. PaillierExamples]).Produces<PaillierResponse>();
        api.MapPost("/v1/paillier/mean", PaillierMean)
            .WithTags(PaillierTag).WithSummary(PaillierMeanSummary).WithDescription(PaillierMeanDescription).WithMetadata([new RequestSizeLimitAttribute(MaxPaillierBytes), .. PaillierExamples]).Produces<PaillierResponse>();
        return api;
    }

    /// <summary>A release endpoint, documented with the refusals every release shares (403 budget, 404 unknown and 409 archived dataset, 422).</summary>
    private static void MapDpRelease(this RouteGroupBuilder api, string route, Delegate handler, string summary, string description, DpRequest example) =>
        api.MapPost(route, handler)
            .WithTags(DpTag).WithSummary(summary).WithDescription(description).WithMetadata(RequestExample.Json(example))
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>GET /v1/dp/budget?dataset={id}: what the caller's organization has spent of the dataset's budget and of the month's cap.</summary>
    private static async Task<Results<JsonHttpResult<PrivacyBudgetStatus>, ProblemHttpResult>> BudgetAsync(
        [Description("The id of a dataset your organization registered.")] string? dataset, HttpContext context, PrivacyBudgetLedger ledger, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(dataset, out var datasetId))
        {
            return Invalid(DatasetProblemOf(dataset));
        }

        try
        {
            return TypedResults.Json(await ledger.GetStatusAsync(GatewayCaller.Of(context).OrganizationId, datasetId, cancellationToken), Json);
        }
        catch (NotFoundException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown dataset");
        }
    }

    /// <summary>POST /v1/paillier/sum: the ciphertext of the sum, written as the request's numbers (base64, decimal or 0x-hex).</summary>
    private static Results<JsonHttpResult<PaillierResponse>, ProblemHttpResult> PaillierSum(JsonBody<PaillierRequest> body) => Paillier(body.Value);

    /// <summary>
    /// POST /v1/paillier/mean: Paillier cannot divide a ciphertext, so the answer is the encrypted sum and the count;
    /// the key holder decrypts and divides.
    /// </summary>
    private static Results<JsonHttpResult<PaillierResponse>, ProblemHttpResult> PaillierMean(JsonBody<PaillierRequest> body) => Paillier(body.Value);

    private const string DatasetIs = "the id of a dataset your organization registered (console: Privacy datasets, or POST /api/v1/organizations/{organizationId}/privacy/datasets).";

    private static string DatasetProblemOf(string? dataset) =>
        string.IsNullOrWhiteSpace(dataset) ? $"'dataset' is required: {DatasetIs}" : $"'dataset' is not a dataset id: send {DatasetIs}";

    private static Task<Results<SerializedJsonResult<DpValueResponse>, ProblemHttpResult>> CountAsync(JsonBody<DpRequest> body, HttpContext context) =>
        ReleaseAsync(body.Value, Query.Count, context, (engine, values, privacy) => engine.Count(values, privacy), DpValueResponse.Of);

    private static Task<Results<SerializedJsonResult<DpValueResponse>, ProblemHttpResult>> SumAsync(JsonBody<DpRequest> body, HttpContext context) =>
        ReleaseAsync(body.Value, Query.Sum, context, (engine, values, privacy) => engine.Sum(values, body.Value.Lower, body.Value.Upper, privacy), DpValueResponse.Of);

    private static Task<Results<SerializedJsonResult<DpMeanResponse>, ProblemHttpResult>> MeanAsync(JsonBody<DpRequest> body, HttpContext context) =>
        ReleaseAsync(body.Value, Query.Mean, context, (engine, values, privacy) => engine.Mean(values, body.Value.Lower, body.Value.Upper, privacy), DpMeanResponse.Of);

    private static Task<Results<SerializedJsonResult<DpHistogramResponse>, ProblemHttpResult>> HistogramAsync(JsonBody<DpRequest> body, HttpContext context)
    {
        var request = body.Value;
        // Runs only after ReleaseAsync has checked that either the edges or bins with both bounds were sent.
        return ReleaseAsync(
            request,
            Query.Histogram,
            context,
            (engine, values, privacy) => engine.Histogram(values, request.BinEdges ?? EqualWidthEdges(request.Lower!.Value, request.Upper!.Value, request.Bins!.Value), privacy),
            DpHistogramResponse.Of);
    }

    /// <summary>
    /// Checks the request, charges the dataset's budget, then runs <paramref name="release"/> on the values and shapes
    /// its result with <paramref name="respond"/>.
    /// </summary>
    private static async Task<Results<SerializedJsonResult<TResponse>, ProblemHttpResult>> ReleaseAsync<TReleased, TResponse>(
        DpRequest request, Query query, HttpContext context, Func<DifferentialPrivacy, double[], PrivacyParameters, TReleased> release, Func<TReleased, DpRelease, TResponse> respond)
    {
        var dataset = Guid.TryParse(request.Dataset, out var id) ? id : (Guid?)null;
        var mechanism = request.Mechanism?.ToLowerInvariant() switch
        {
            "laplace" => NoiseMechanism.Laplace,
            "gaussian" => NoiseMechanism.Gaussian,
            _ => (NoiseMechanism?)null,
        };
        var problem = FieldNotRead(request, query) ?? request switch
        {
            _ when dataset is null => DatasetProblemOf(request.Dataset),
            { Values: null } => "'values' is required: the numbers of the column to release, one per record.",
            { Values.Length: > MaxValues } => $"'values' has more than {MaxValues:N0} records.",
            _ when mechanism is null => "'mechanism' must be \"laplace\" (pure ε-DP) or \"gaussian\" ((ε, δ)-DP).",
            { Epsilon: null } => "'epsilon' is required: the privacy loss this query spends from the dataset's budget.",
            { Delta: null } when mechanism == NoiseMechanism.Gaussian => "'delta' is required for the Gaussian mechanism, e.g. 1e-7.",
            { Bins: not null, BinEdges: not null } when query == Query.Histogram => "'bins' and 'binEdges' are both sent: give one of them, 'bins' (with 'lower' and 'upper') for bins of equal width or 'binEdges'.",
            { Bins: < 1 or > DifferentialPrivacy.MaxBins } when query == Query.Histogram => $"'bins' must be between 1 and {DifferentialPrivacy.MaxBins:N0}.",
            { Bins: not null, Lower: null } when query == Query.Histogram => "'lower' is required with 'bins': the left edge of the first bin.",
            { Bins: not null, Upper: null } when query == Query.Histogram => "'upper' is required with 'bins': the right edge of the last bin.",
            { Bins: not null, Lower: { } lower, Upper: { } upper } when query == Query.Histogram && !(upper > lower) => "'upper' must be above 'lower'.",
            { Bins: not null, Lower: { } lower, Upper: { } upper } when query == Query.Histogram && !double.IsFinite(upper - lower) =>
                "'lower' and 'upper' are too far apart: their difference must be a finite number.",
            { Bins: null, BinEdges: null } when query == Query.Histogram => "'binEdges' (ascending) or 'bins' with 'lower' and 'upper' is required for a histogram.",
            _ => null,
        };
        if (problem is not null)
        {
            return Invalid(problem);
        }

        var privacy = new PrivacyParameters(mechanism!.Value, request.Epsilon!.Value, request.Delta ?? 0);
        var engine = new DifferentialPrivacy();
        const string overflowInputs = "'values', 'lower' and 'upper'";
        try
        {
            // A dry run over no records applies the engine's own checks (bounds, edges, the ε range the snapping
            // mechanism supports) and finds noise too large for a double (bounds far apart, a tiny ε) before any budget is
            // spent; a release over no records reveals nothing, so neither does refusing it.
            var dryRun = respond(release(engine, [], privacy), new DpRelease(Name(query), dataset!.Value.ToString(), new(0, 0, 0)));
            if (Finite(dryRun, Json, overflowInputs).Result is ProblemHttpResult overflow)
            {
                return overflow;
            }
        }
        catch (ArgumentException e)
        {
            return Invalid(DescribeRelease(e));
        }

        var ledger = context.RequestServices.GetRequiredService<PrivacyBudgetLedger>();
        PrivacyLedgerCharge charge;
        try
        {
            charge = await ledger.ChargeAsync(GatewayCaller.Of(context).OrganizationId, dataset!.Value, Name(query), privacy, context.RequestAborted);
        }
        catch (PrivacyBudgetExhaustedException e)
        {
            // 403, not 429: a dataset's budget never refills and the month's cap only at the month's end, so clients must not retry.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden, title: "Privacy budget exhausted", type: BudgetExhaustedType, extensions: Exhausted(e));
        }
        catch (NotFoundException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown dataset");
        }
        catch (PrivacyDatasetArchivedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Dataset archived");
        }
        catch (ArgumentException e)
        {
            // ε or δ above the dataset's whole budget or ε above the whole monthly cap: no budget of this size could ever answer it.
            return Invalid(Describe(e));
        }

        var released = release(engine, request.Values!, privacy);
        var remaining = new DpRemainingBudget(charge.RemainingEpsilon, charge.RemainingDelta, charge.RemainingMonthlyEpsilon);
        return Finite(respond(released, new DpRelease(Name(query), dataset.Value.ToString(), remaining)), Json, overflowInputs);
    }

    /// <summary>
    /// A bound or bin field the query does not read: a count reads neither, a sum or mean no bins, and a histogram by
    /// 'binEdges' alone no bounds.
    /// </summary>
    private static string? FieldNotRead(DpRequest request, Query query)
    {
        var boundsRead = query is Query.Sum or Query.Mean || (query == Query.Histogram && (request.Bins is not null || request.BinEdges is null));
        var field = request switch
        {
            { Lower: not null } when !boundsRead => "lower",
            { Upper: not null } when !boundsRead => "upper",
            { Bins: not null } when query != Query.Histogram => "bins",
            { BinEdges: not null } when query != Query.Histogram => "binEdges",
            _ => null,
        };
        return field is null ? null
            : NotAFieldOf(field, query == Query.Histogram ? "a histogram by 'binEdges' ('lower' and 'upper' go with 'bins')" : $"a {Name(query)}");
    }

    /// <summary>An engine's check as "'field': reason"; a sum's or mean's sensitivity comes from the request's bounds.</summary>
    private static string DescribeRelease(ArgumentException e) =>
        e.ParamName == "sensitivity"
            ? "'lower' and 'upper' are too far apart for the snapping mechanism: its bound, 2^30 times the sensitivity they give, must be a finite number."
            : Describe(e);

    /// <summary>The refusal's members: which budget, the dataset, what remains of that budget, and when the month's cap resets.</summary>
    private static Dictionary<string, object?> Exhausted(PrivacyBudgetExhaustedException e)
    {
        var members = new Dictionary<string, object?>
        {
            ["budget"] = e.Scope == PrivacyBudgetScope.Dataset ? "dataset" : "organizationMonth",
            ["dataset"] = e.DatasetId,
            ["remainingEpsilon"] = e.RemainingEpsilon,
        };
        if (e.RemainingDelta is { } delta)
        {
            members["remainingDelta"] = delta;
        }

        if (e.ResetsAt is { } resetsAt)
        {
            members["resetsAt"] = resetsAt;
        }

        return members;
    }

    private static string Name(NoiseMechanism mechanism) => mechanism.ToString().ToLowerInvariant();

    private static string Name(Query query) => query.ToString().ToLowerInvariant();

    private static double[] EqualWidthEdges(double lower, double upper, int bins) =>
        [.. Enumerable.Range(0, bins + 1).Select(i => i == bins ? upper : lower + ((upper - lower) * i / bins))];

    private const string Base64Hint = "; for base64 send \"encoding\": \"base64\"";

    private static Results<JsonHttpResult<PaillierResponse>, ProblemHttpResult> Paillier(PaillierRequest request)
    {
        var base64 = request.Encoding?.ToLowerInvariant() switch
        {
            null or "decimal" => false,
            "base64" => true,
            _ => (bool?)null,
        };
        if (base64 is null)
        {
            return Invalid("'encoding' must be \"decimal\" (the default: decimal digits or 0x-hex) or \"base64\" (big-endian unsigned bytes).");
        }

        var format = base64.Value ? PaillierNumberFormat.Base64 : PaillierNumberFormat.DecimalOrHex(request.PublicKey?.N);
        if (!format.TryParse(request.PublicKey?.N, out var n))
        {
            return Invalid(string.IsNullOrWhiteSpace(request.PublicKey?.N)
                ? $"'publicKey.n' is required: the key's modulus as {format.Describes}."
                : $"'publicKey.n' could not be read as {format.Describes}{(base64.Value ? "" : Base64Hint)}.");
        }

        var bits = n.GetBitLength();
        var problem = (bits, request.Ciphertexts) switch
        {
            ( < MinModulusBits or > MaxModulusBits, _) =>
                $"'publicKey.n' has {bits} bits; use a 2048-bit modulus (from {MinModulusBits} to {MaxModulusBits} bits are accepted).",
            _ when n.IsEven => "'publicKey.n' is even, so it is not a product of two odd primes.",
            (_, null or { Length: 0 }) => "'ciphertexts' is required: at least one ciphertext of this key.",
            (_, { Length: > MaxCiphertexts }) => $"'ciphertexts' has more than {MaxCiphertexts:N0} values.",
            _ => null,
        };
        if (problem is not null)
        {
            return Invalid(problem);
        }

        var key = new PaillierPublicKey(n);
        var ciphertexts = new BigInteger[request.Ciphertexts!.Length];
        var firstInvalid = -1;
        for (var i = 0; i < ciphertexts.Length && firstInvalid < 0; i++)
        {
            firstInvalid = format.TryParse(request.Ciphertexts[i], out ciphertexts[i]) ? -1 : i;
        }

        // A ciphertext lies in (0, n²) and is coprime with n (Paillier 1999, §3): 0 would turn any sum into 0, and one
        // sharing a factor with n (n itself, say) is no encryption of any message. Multiplying ciphertexts adds their
        // plaintexts (Paillier 1999, §6); the server never decrypts.
        if (firstInvalid >= 0 || !key.TrySum(ciphertexts, out var sum, out firstInvalid))
        {
            return Invalid($"'ciphertexts[{firstInvalid}]' is not a ciphertext of this key: send {format.Describes} above 0, below n² and coprime with n.");
        }

        return TypedResults.Json(new PaillierResponse(format.Write(sum), ciphertexts.Length), Json);
    }
}
