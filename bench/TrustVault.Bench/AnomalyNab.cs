using System.Diagnostics;
using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Bench;

/// <summary>
/// The anomaly API's out-of-sample figures (issue 20): leave-one-file-out threshold selection on the shared NAB files
/// (for each file, the threshold that maximises NAB's standard profile on the other files, then that file scored at it),
/// each method's flag count at its defaults, and the median time of a 1,000-point call per method.
/// </summary>
internal static class AnomalyNab
{
    public static void Run(string folder, int rounds)
    {
        var files = NabSeries.Load(folder);
        Console.WriteLine("## Leave one file out, NAB standard profile");
        LeaveOneFileOut("streaming (as the API scores it)", [1.0, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2.0, 2.5], files, s => AnomalyDetector.Scores(s.Values, new AnomalyOptions { Method = AnomalyMethod.Streaming }));
        LeaveOneFileOut("windowed Gaussian (NAB's baseline)", [0.99, 0.999, 0.9999, 0.99999], files, s => WindowedGaussian.Scores(s.Values));

        Console.WriteLine();
        Console.WriteLine("## Flags at each method's defaults");
        Console.WriteLine("| file | points | " + string.Join(" | ", Enum.GetNames<AnomalyMethod>()) + " |");
        Console.WriteLine("|---|---|" + string.Concat(Enumerable.Repeat("---|", Enum.GetValues<AnomalyMethod>().Length)));
        foreach (var file in files)
        {
            var counts = Enum.GetValues<AnomalyMethod>().Select(m => AnomalyDetector.Detect(file.Values, new AnomalyOptions { Method = m }).Anomalies.Count);
            Console.WriteLine($"| {file.Name} | {file.Values.Length} | {string.Join(" | ", counts)} |");
        }

        foreach (var file in files)
        {
            var watch = Stopwatch.StartNew();
            AnomalyDetector.Detect(file.Values, new AnomalyOptions { Method = AnomalyMethod.Streaming });
            Console.WriteLine($"streaming, whole {file.Name}: {watch.Elapsed.TotalMilliseconds:F0} ms");
        }

        Console.WriteLine();
        Console.WriteLine("## 1,000-point call, defaults");
        Latency(rounds);
    }

    private static void LeaveOneFileOut(string detector, double[] grid, IReadOnlyList<NabSeries> series, Func<NabSeries, IReadOnlyList<double>> score)
    {
        var files = series.Select(s => new NabFile(s.Name, score(s), s.Windows)).ToArray();
        Console.WriteLine($"### {detector}");
        Console.WriteLine("| held-out file | threshold chosen on the others | held-out score | TP / FP / FN |");
        Console.WriteLine("|---|---|---|---|");
        var heldOut = new List<double>();
        var thresholds = new List<double>();
        foreach (var file in files)
        {
            var threshold = NabScorer.Score([.. files.Where(f => f != file)], NabProfile.Standard).Threshold;
            var result = NabScorer.ScoreAt([file], NabProfile.Standard, threshold);
            var counts = result.Files[0];
            heldOut.Add(result.Score);
            thresholds.Add(threshold);
            Console.WriteLine($"| {file.Name} | {threshold:0.###} | {result.Score:0.0} | {counts.TruePositives} / {counts.FalsePositives} / {counts.FalseNegatives} |");
        }

        var median = thresholds.Order().ElementAt(thresholds.Count / 2);
        var inSample = NabScorer.Score(files, NabProfile.Standard);
        Console.WriteLine($"Mean held-out score {heldOut.Average():0.0}; median of the chosen thresholds {median:0.###}, " +
            $"all files at it {NabScorer.ScoreAt(files, NabProfile.Standard, median).Score:0.0}; " +
            $"in sample (tuned and scored on all files, not a valid estimate) {inSample.Score:0.0} at {inSample.Threshold:0.###}.");
        Console.WriteLine();
        Console.WriteLine("How much the choice matters (each file on its own, at fixed thresholds):");
        Console.WriteLine("| threshold | " + string.Join(" | ", files.Select(f => f.Name)) + " |");
        Console.WriteLine("|---|" + string.Concat(files.Select(_ => "---|")));
        foreach (var threshold in grid)
        {
            Console.WriteLine($"| {threshold} | " + string.Join(" | ", files.Select(f => NabScorer.ScoreAt([f], NabProfile.Standard, threshold).Score.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))) + " |");
        }

        Console.WriteLine();
    }

    private static void Latency(int rounds)
    {
        var random = new Random(7);
        double[] series = [.. Enumerable.Range(0, 1_000).Select(t => 100 + (20 * Math.Sin(2 * Math.PI * t / 24)) + (random.NextDouble() * 4))];
        series[700] += 40;
        foreach (var method in Enum.GetValues<AnomalyMethod>())
        {
            var options = new AnomalyOptions { Method = method };
            for (var i = 0; i < 5; i++)
            {
                AnomalyDetector.Detect(series, options);
            }

            var times = new double[rounds];
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                AnomalyDetector.Detect(series, options);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            Console.WriteLine($"{method}: median {times[rounds / 2]:F2} ms, p90 {times[rounds * 9 / 10]:F2} ms ({rounds} rounds)");
        }
    }
}
