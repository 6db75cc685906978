using System.Globalization;
using System.Numerics;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Web.Gateway;
using static TrustVault.Web.Api.FirstPartyRequests;

namespace TrustVault.Web.Api;

/// <summary>
/// The Privacy-Preserving Analytics API: differentially private releases charged to the caller's organization's
/// budget for the named dataset, and Paillier sums computed without a private key.
/// </summary>
internal static class PrivacyApi
{
    public const int MaxJsonBytes = 10 * 1024 * 1024;
    public const int MaxValues = 1_000_000;

    /// <summary>100,000 ciphertexts of a 2048-bit key are about 100 MB in hex, 125 MB in decimal.</summary>
    public const int MaxPaillierBytes = 128 * 1024 * 1024;

    public const int MaxCiphertexts = 100_000;
    public const int MinModulusBits = 1024;
    public const int MaxModulusBits = 4096;

    private const string DpExample = "{ \"dataset\": \"orders\", \"values\": [12.5, 40], \"lower\": 0, \"upper\": 100, \"mechanism\": \"laplace\", \"epsilon\": 0.5 }";
    private const string PaillierExample = "{ \"publicKey\": { \"n\": \"0x…\" }, \"ciphertexts\": [\"0x…\", \"0x…\"] }";

    private enum Query
    {
        Count,
        Sum,
        Mean,
        Histogram,
    }

    public sealed record DpRequest(
        string? Dataset, double[]? Values, double? Lower, double? Upper, int? Bins, double[]? BinEdges, string? Mechanism, double? Epsilon, double? Delta);

    public sealed record PaillierPublicKeyInput(string? N);

    public sealed record PaillierRequest(PaillierPublicKeyInput? PublicKey, string?[]? Ciphertexts);

    public static Task CountAsync(HttpContext context) => ReleaseAsync(context, Query.Count);

    public static Task SumAsync(HttpContext context) => ReleaseAsync(context, Query.Sum);

    public static Task MeanAsync(HttpContext context) => ReleaseAsync(context, Query.Mean);

    public static Task HistogramAsync(HttpContext context) => ReleaseAsync(context, Query.Histogram);

    /// <summary>GET /v1/dp/budget?dataset=orders: what the caller's organization has spent of the dataset's budget.</summary>
    public static async Task BudgetAsync(HttpContext context)
    {
        if (PrivacyBudgetLedger.NormalizeDataset(context.Request.Query["dataset"]) is not { } dataset)
        {
            await BadRequestAsync(context, DatasetProblem);
            return;
        }

        var status = await context.RequestServices.GetRequiredService<PrivacyBudgetLedger>()
            .GetStatusAsync(GatewayCaller.Of(context).OrganizationId, dataset, context.RequestAborted);
        await context.Response.WriteAsJsonAsync(status, Json, context.RequestAborted);
    }

    /// <summary>POST /v1/paillier/sum: the ciphertext of the sum, in the number format of the key (decimal or 0x-hex).</summary>
    public static Task PaillierSumAsync(HttpContext context) => PaillierAsync(context);

    /// <summary>
    /// POST /v1/paillier/mean: Paillier cannot divide a ciphertext, so the answer is the encrypted sum and the count;
    /// the key holder decrypts and divides.
    /// </summary>
    public static Task PaillierMeanAsync(HttpContext context) => PaillierAsync(context);

    private static string DatasetProblem =>
        $"'dataset' is required: the name your organization's privacy budget is kept under, 1 to {PrivacyBudgetSpendRecord.DatasetMaxLength} letters, digits, '.', '_' or '-'.";

    private static async Task ReleaseAsync(HttpContext context, Query query)
    {
        var request = await ReadJsonAsync<DpRequest>(context, MaxJsonBytes, DpExample);
        if (request is null)
        {
            return;
        }

        var dataset = PrivacyBudgetLedger.NormalizeDataset(request.Dataset);
        var mechanism = request.Mechanism?.ToLowerInvariant() switch
        {
            "laplace" => NoiseMechanism.Laplace,
            "gaussian" => NoiseMechanism.Gaussian,
            _ => (NoiseMechanism?)null,
        };
        var problem = request switch
        {
            _ when dataset is null => DatasetProblem,
            { Values: null } => "'values' is required: the numbers of the column to release, one per record.",
            { Values.Length: > MaxValues } => $"'values' has more than {MaxValues:N0} records.",
            _ when mechanism is null => "'mechanism' must be \"laplace\" (pure ε-DP) or \"gaussian\" ((ε, δ)-DP).",
            { Epsilon: null } => "'epsilon' is required: the privacy loss this query spends from the dataset's budget.",
            { Delta: null } when mechanism == NoiseMechanism.Gaussian => "'delta' is required for the Gaussian mechanism, e.g. 1e-7.",
            { Bins: not null, BinEdges: not null } when query == Query.Histogram => "Send either 'bins' (with 'lower' and 'upper') or 'binEdges', not both.",
            { Bins: < 1 or > DifferentialPrivacy.MaxBins } when query == Query.Histogram => $"'bins' must be 1 to {DifferentialPrivacy.MaxBins:N0}.",
            { Bins: not null, Lower: null } when query == Query.Histogram => "'lower' is required with 'bins': the left edge of the first bin.",
            { Bins: not null, Upper: null } when query == Query.Histogram => "'upper' is required with 'bins': the right edge of the last bin.",
            { Bins: null, BinEdges: null } when query == Query.Histogram => "'binEdges' (ascending) or 'bins' with 'lower' and 'upper' is required for a histogram.",
            _ => null,
        };
        if (problem is not null)
        {
            await BadRequestAsync(context, problem);
            return;
        }

        var privacy = new PrivacyParameters(mechanism!.Value, request.Epsilon!.Value, request.Delta ?? 0);
        var edges = query == Query.Histogram ? request.BinEdges ?? EqualWidthEdges(request.Lower!.Value, request.Upper!.Value, request.Bins!.Value) : null;
        var engine = new DifferentialPrivacy();
        try
        {
            // A dry run over no records applies the engine's own checks (bounds, edges, the ε range the snapping
            // mechanism supports) before any budget is spent; a release over no records reveals nothing.
            Release(engine, query, [], request, edges, privacy);
        }
        catch (ArgumentException e)
        {
            await BadRequestAsync(context, Describe(e));
            return;
        }

        var ledger = context.RequestServices.GetRequiredService<PrivacyBudgetLedger>();
        PrivacyBudgetCharge charge;
        try
        {
            charge = await ledger.ChargeAsync(GatewayCaller.Of(context).OrganizationId, dataset!, query.ToString().ToLowerInvariant(), privacy, context.RequestAborted);
        }
        catch (PrivacyBudgetExhaustedException e)
        {
            // No Retry-After: a spent budget never refills.
            await ProblemAsync(context, StatusCodes.Status429TooManyRequests, "Privacy budget exhausted", e.Message, new Dictionary<string, object?>
            {
                ["dataset"] = e.Dataset,
                ["remainingEpsilon"] = e.RemainingEpsilon,
                ["remainingDelta"] = e.RemainingDelta,
            });
            return;
        }

        var result = Release(engine, query, request.Values!, request, edges, privacy);
        result["query"] = query.ToString().ToLowerInvariant();
        result["dataset"] = dataset;
        result["budget"] = new { charge.RemainingEpsilon, charge.RemainingDelta };
        await context.Response.WriteAsJsonAsync(result, Json, context.RequestAborted);
    }

    private static Dictionary<string, object?> Release(
        DifferentialPrivacy engine, Query query, double[] values, DpRequest request, double[]? edges, PrivacyParameters privacy)
    {
        switch (query)
        {
            case Query.Count:
                return Fields(engine.Count(values, privacy));
            case Query.Sum:
                return Fields(engine.Sum(values, request.Lower, request.Upper, privacy));
            case Query.Mean:
                var mean = engine.Mean(values, request.Lower, request.Upper, privacy);
                return new Dictionary<string, object?>
                {
                    ["value"] = mean.Value,
                    ["mechanism"] = Name(mean.Mechanism),
                    ["epsilon"] = mean.Epsilon,
                    ["delta"] = mean.Delta,
                    ["errorBound95"] = mean.ErrorBound95,
                    ["sum"] = Fields(mean.Sum),
                    ["count"] = Fields(mean.Count),
                };
            default:
                var histogram = engine.Histogram(values, edges!, privacy);
                return new Dictionary<string, object?>
                {
                    ["bins"] = histogram.Bins,
                    ["mechanism"] = Name(histogram.Mechanism),
                    ["epsilon"] = histogram.Epsilon,
                    ["delta"] = histogram.Delta,
                    ["noiseScale"] = histogram.NoiseScale,
                    ["errorBound95"] = histogram.ErrorBound95,
                    ["granularity"] = histogram.Granularity,
                };
        }
    }

    private static Dictionary<string, object?> Fields(NoisyValue released) => new()
    {
        ["value"] = released.Value,
        ["mechanism"] = Name(released.Mechanism),
        ["epsilon"] = released.Epsilon,
        ["delta"] = released.Delta,
        ["noiseScale"] = released.NoiseScale,
        ["errorBound95"] = released.ErrorBound95,
        ["granularity"] = released.Granularity,
    };

    private static string Name(NoiseMechanism mechanism) => mechanism.ToString().ToLowerInvariant();

    private static double[] EqualWidthEdges(double lower, double upper, int bins) =>
        [.. Enumerable.Range(0, bins + 1).Select(i => i == bins ? upper : lower + ((upper - lower) * i / bins))];

    private static async Task PaillierAsync(HttpContext context)
    {
        var request = await ReadJsonAsync<PaillierRequest>(context, MaxPaillierBytes, PaillierExample);
        if (request is null)
        {
            return;
        }

        if (!TryParseNumber(request.PublicKey?.N, maxDigits: 1300, out var n, out var hex))
        {
            await BadRequestAsync(context, "'publicKey.n' is required: the key's modulus as a decimal string or 0x-prefixed hex.");
            return;
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
            await BadRequestAsync(context, problem);
            return;
        }

        var key = new PaillierPublicKey(n);
        var ciphertexts = new BigInteger[request.Ciphertexts!.Length];
        for (var i = 0; i < ciphertexts.Length; i++)
        {
            // A ciphertext lies in (0, n²); 0 is none, and would turn any sum into 0.
            if (!TryParseNumber(request.Ciphertexts[i], maxDigits: 2600, out ciphertexts[i], out _) || ciphertexts[i].IsZero || ciphertexts[i] >= key.NSquared)
            {
                await BadRequestAsync(context, $"'ciphertexts[{i}]' is not a ciphertext of this key: send a decimal or 0x-hex integer above 0 and below n².");
                return;
            }
        }

        // Multiplying ciphertexts adds their plaintexts (Paillier 1999, §6); the server never decrypts.
        var sum = key.Sum(ciphertexts);
        var text = hex ? "0x" + sum.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0') : sum.ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new { ciphertext = text, count = ciphertexts.Length }, Json, context.RequestAborted);
    }

    /// <summary>A non-negative integer as decimal digits or 0x-prefixed hex; <paramref name="maxDigits"/> bounds the work of parsing it.</summary>
    private static bool TryParseNumber(string? text, int maxDigits, out BigInteger value, out bool hex)
    {
        value = default;
        hex = text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(text) || text.Length > maxDigits + 2)
        {
            return false;
        }

        // A leading 0 keeps the hex parser from reading a high first digit as a sign bit.
        return hex
            ? text.Length > 2 && BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
