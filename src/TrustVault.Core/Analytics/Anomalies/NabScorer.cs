namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>An anomaly window as inclusive point indices.</summary>
public sealed record NabWindow(int Start, int End)
{
    public int Length => End - Start + 1;

    /// <summary>Maps NAB's labelled windows (timestamps, inclusive) to indices of a file's timestamps.</summary>
    public static IReadOnlyList<NabWindow> FromTimestamps(IReadOnlyList<DateTime> timestamps, IEnumerable<(DateTime Start, DateTime End)> windows) =>
        windows.Select(w =>
        {
            var start = Enumerable.Range(0, timestamps.Count).First(i => timestamps[i] >= w.Start);
            var end = Enumerable.Range(0, timestamps.Count).Last(i => timestamps[i] <= w.End);
            return new NabWindow(start, end);
        }).ToArray();
}

/// <summary>
/// Application profile weights (Lavin and Ahmad 2015, Table 1). A_TN is part of NAB's profiles but true
/// negatives add nothing: the score sums detections and missed windows only.
/// </summary>
public sealed record NabProfile(double TruePositive, double FalsePositive, double FalseNegative)
{
    public static NabProfile Standard { get; } = new(1.0, 0.11, 1.0);

    public static NabProfile RewardLowFalsePositives { get; } = new(1.0, 0.22, 1.0);

    public static NabProfile RewardLowFalseNegatives { get; } = new(1.0, 0.11, 2.0);
}

/// <summary>One data file's per-point anomaly scores and its labelled windows.</summary>
public sealed record NabFile(string Name, IReadOnlyList<double> Scores, IReadOnlyList<NabWindow> Windows);

public sealed record NabFileResult(string Name, double RawScore, int TruePositives, int FalsePositives, int FalseNegatives);

/// <summary>The normalised score (null detector 0, perfect detector 100) at the chosen threshold.</summary>
public sealed record NabResult(double Score, double Threshold, double RawScore, IReadOnlyList<NabFileResult> Files);

/// <summary>
/// The Numenta Anomaly Benchmark scoring (Lavin and Ahmad, "Evaluating Real-time Anomaly Detection
/// Algorithms – the Numenta Anomaly Benchmark", ICMLA 2015; rules as described in NAB's README and wiki).
/// A point whose score reaches the threshold is a detection. Inside a window only the earliest detection
/// counts, worth A_TP·σ(y)/σ(−1) with σ(y) = 2/(1 + e^{5y}) − 1 and y = −(end − i + 1)/length, so a
/// detection on the window's first point earns exactly A_TP and one on its last almost nothing. A
/// detection outside every window costs A_FP·σ(y) with y its distance past the previous window's end in
/// window lengths (σ = −1 beyond 3 lengths or before any window), so late alarms just after a window are
/// forgiven. A window without detection costs A_FN. The probationary first 15% of a file (at most
/// 15% of 5,000 points) is not scored. Scores are normalised over all files as
/// 100·(S − S_null)/(S_perfect − S_null), S_null = −A_FN·windows, S_perfect = A_TP·windows.
/// </summary>
public static class NabScorer
{
    private const double ProbationaryShare = 0.15;
    private const int ProbationaryCap = 5000;

    public static int ProbationaryLength(int fileLength) =>
        (int)Math.Min(Math.Floor(ProbationaryShare * fileLength), ProbationaryShare * ProbationaryCap);

    /// <summary>σ(y) of the NAB paper, equation (1) with unit weights.</summary>
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition > 3.0 ? -1.0 : (2 / (1 + Math.Exp(5 * relativePosition))) - 1;

    /// <summary>Scores at one given threshold.</summary>
    public static NabResult ScoreAt(IReadOnlyList<NabFile> files, NabProfile profile, double threshold)
    {
        var results = files.Select(file =>
        {
            var points = Weigh(file, profile);
            var earliest = new int?[file.Windows.Count];
            double falsePositiveSum = 0;
            var falsePositives = 0;
            for (var i = ProbationaryLength(file.Scores.Count); i < file.Scores.Count; i++)
            {
                if (!(file.Scores[i] >= threshold))
                {
                    continue;
                }

                if (points.Window[i] is var w and >= 0)
                {
                    earliest[w] ??= i;
                }
                else
                {
                    falsePositiveSum += points.Weight[i];
                    falsePositives++;
                }
            }

            var truePositiveSum = earliest.Sum(i => i is { } index ? points.Weight[index] : 0);
            var missed = earliest.Count(i => i is null);
            return new NabFileResult(
                file.Name, truePositiveSum + falsePositiveSum - (missed * profile.FalseNegative),
                earliest.Length - missed, falsePositives, missed);
        }).ToArray();
        return Normalise(files, profile, threshold, results);
    }

    /// <summary>
    /// Scores at the threshold that maximises the summed raw score over all files, as NAB's optimiser
    /// does, found exactly by sweeping every distinct score from the highest down.
    /// </summary>
    public static NabResult Score(IReadOnlyList<NabFile> files, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0 || files.Any(f => f.Scores.Any(double.IsNaN)))
        {
            throw new ArgumentException("Give at least one file, with no NaN scores.", nameof(files));
        }

        var weighed = files.Select(f => Weigh(f, profile)).ToArray();
        var candidates = files
            .SelectMany((file, f) => Enumerable.Range(ProbationaryLength(file.Scores.Count), file.Scores.Count - ProbationaryLength(file.Scores.Count))
                .Select(i => (Score: file.Scores[i], File: f, Index: i)))
            .OrderByDescending(c => c.Score)
            .ToArray();
        var earliest = files.Select(f => new int?[f.Windows.Count]).ToArray();

        var total = -profile.FalseNegative * files.Sum(f => f.Windows.Count);
        var best = (Total: total, Threshold: double.PositiveInfinity);
        for (var c = 0; c < candidates.Length; c++)
        {
            var (_, f, i) = candidates[c];
            var points = weighed[f];
            if (points.Window[i] is var w and >= 0)
            {
                if (earliest[f][w] is not { } current)
                {
                    total += points.Weight[i] + profile.FalseNegative;
                    earliest[f][w] = i;
                }
                else if (i < current)
                {
                    total += points.Weight[i] - points.Weight[current];
                    earliest[f][w] = i;
                }
            }
            else
            {
                total += points.Weight[i];
            }

            var lastOfTie = c == candidates.Length - 1 || candidates[c + 1].Score != candidates[c].Score;
            if (lastOfTie && total > best.Total)
            {
                best = (total, candidates[c].Score);
            }
        }

        return ScoreAt(files, profile, best.Threshold);
    }

    private static NabResult Normalise(IReadOnlyList<NabFile> files, NabProfile profile, double threshold, NabFileResult[] results)
    {
        var windows = files.Sum(f => f.Windows.Count);
        var raw = results.Sum(r => r.RawScore);
        var nullScore = -profile.FalseNegative * windows;
        var perfect = profile.TruePositive * windows;
        return new NabResult(100 * (raw - nullScore) / (perfect - nullScore), threshold, raw, results);
    }

    /// <summary>For each point: the window it lies in (−1 if none) and what a detection there is worth.</summary>
    private static (int[] Window, double[] Weight) Weigh(NabFile file, NabProfile profile)
    {
        var n = file.Scores.Count;
        var window = new int[n];
        var weight = new double[n];
        var maxTruePositive = ScaledSigmoid(-1.0);
        NabWindow? previous = null;
        var next = 0;
        var ordered = file.Windows.Select((w, id) => (Window: w, Id: id)).OrderBy(w => w.Window.Start).ToArray();
        for (var i = 0; i < n; i++)
        {
            while (next < ordered.Length && ordered[next].Window.End < i)
            {
                previous = ordered[next++].Window;
            }

            if (next < ordered.Length && ordered[next].Window.Start <= i)
            {
                var (current, id) = ordered[next];
                window[i] = id;
                weight[i] = profile.TruePositive * ScaledSigmoid(-(current.End - i + 1.0) / current.Length) / maxTruePositive;
            }
            else
            {
                window[i] = -1;
                weight[i] = profile.FalsePositive * (previous is null ? -1.0 : ScaledSigmoid((i - previous.End) / (double)previous.Length));
            }
        }

        return (window, weight);
    }
}
