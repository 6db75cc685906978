using System.Diagnostics;
using System.Globalization;
using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Bench;

/// <summary>
/// Scores the forecaster on a panel exported by bench/forecast/reference.R and prints a Markdown table beside R's ets,
/// auto.arima and snaive figures: <c>panel</c> is issue 20's public panel (data/, r-reference.tsv), <c>heldout</c> the
/// series kept out of every tuning choice (heldout/, r-heldout.tsv).
/// </summary>
internal static class ForecastPanel
{
    public static void Run(string directory, string set)
    {
        var (data, referenceFile) = set == "heldout" ? ("heldout", "r-heldout.tsv") : ("data", "r-reference.tsv");
        var reference = File.ReadLines(Path.Combine(directory, referenceFile)).Skip(1).Select(line => line.Split('\t'))
            .ToDictionary(r => (r[0], r[1]), r => new Scores(r[2], Number(r[3]), Number(r[4]), Number(r[5]), Number(r[6])));
        Console.WriteLine("| series | n | m | h | ours: answered by | ours: sMAPE / MASE / 80% / 95% | our ETS / ARIMA / Theta / mean MASE | our ETS | our ARIMA | R ets | R auto.arima | R ets | R auto.arima | R snaive | ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var relative = new List<double>();
        var relativeToEts = new List<double>();
        var etsRelative = new List<double>();
        int inside80 = 0, inside95 = 0, total = 0;
        var rInside = new Dictionary<string, (double C80, double C95)>();
        foreach (var row in File.ReadLines(Path.Combine(directory, data, "panel.csv")).Skip(1).Select(Csv))
        {
            var (name, m, h) = (row[0], int.Parse(row[1], CultureInfo.InvariantCulture), int.Parse(row[2], CultureInfo.InvariantCulture));
            var y = File.ReadLines(Path.Combine(directory, data, name + ".txt")).Select(Number).ToArray();
            var (training, test) = (y[..^h], y[^h..]);
            var watch = Stopwatch.StartNew();
            var forecast = Forecaster.Forecast(training, h, m);
            var milliseconds = watch.Elapsed.TotalMilliseconds;
            var values = forecast.Points.Select(p => p.Value).ToArray();
            var mase = ForecastAccuracy.Mase(training, test, values, m);
            var c80 = test.Where((a, i) => a >= forecast.Points[i].Interval80.Lower && a <= forecast.Points[i].Interval80.Upper).Count();
            var c95 = test.Where((a, i) => a >= forecast.Points[i].Interval95.Lower && a <= forecast.Points[i].Interval95.Upper).Count();
            (inside80, inside95, total) = (inside80 + c80, inside95 + c95, total + h);
            var (ets, arima, naive) = (reference[(name, "ets")], reference[(name, "auto.arima")], reference[(name, "snaive")]);
            relative.Add(mase / arima.Mase);
            relativeToEts.Add(mase / ets.Mase);
            etsRelative.Add(ets.Mase / arima.Mase);
            foreach (var (method, r) in new[] { ("ets", ets), ("auto.arima", arima), ("snaive", naive) })
            {
                var sums = rInside.GetValueOrDefault(method);
                rInside[method] = (sums.C80 + (r.Cover80 * h), sums.C95 + (r.Cover95 * h));
            }

            var parts = Components(forecast, h).Select(f => ForecastAccuracy.Mase(training, test, f, m).ToString("F3", CultureInfo.InvariantCulture));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {training.Length} | {m} | {h} | {forecast.Method} | {ForecastAccuracy.SymmetricMape(test, values):F2} / {mase:F3} / {100.0 * c80 / h:F0} / {100.0 * c95 / h:F0} | " +
                $"{string.Join(" / ", parts)} | {forecast.Ets.Name} | {forecast.Arima?.Name} | {ets.Model} | {arima.Model} | {ets} | {arima} | {naive} | {milliseconds:F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Geometric mean of MASE relative to auto.arima: ours {GeometricMean(relative):F3}, R ets {GeometricMean(etsRelative):F3}; ours relative to R ets {GeometricMean(relativeToEts):F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pooled coverage, ours: 80% {100.0 * inside80 / total:F1}, 95% {100.0 * inside95 / total:F1} ({total} points)"));
        foreach (var (method, sums) in rInside)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pooled coverage, {method}: 80% {100.0 * sums.C80 / total:F1}, 95% {100.0 * sums.C95 / total:F1}"));
        }
    }

    /// <summary>Each model's own forecast and their mean, whichever was chosen, to show where the choice wins or loses.</summary>
    private static double[][] Components(Forecast forecast, int h)
    {
        var ets = forecast.EtsForms.Forecast(h);
        if (forecast.Arima is null || forecast.Theta is null)
        {
            return [ets];
        }

        var arima = forecast.Arima.Forecast(h).Values;
        var theta = forecast.Theta.Forecast(h).Values;
        return [ets, arima, theta, [.. ets.Select((e, i) => (e + arima[i] + theta[i]) / 3)]];
    }

    /// <summary>One R method's scores on one series, as r-reference.tsv gives them.</summary>
    private sealed record Scores(string Model, double Smape, double Mase, double Cover80, double Cover95)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Smape:F2} / {Mase:F3} / {100 * Cover80:F0} / {100 * Cover95:F0}");
    }

    private static double GeometricMean(List<double> values) => Math.Exp(values.Average(Math.Log));

    private static string[] Csv(string line) => [.. line.Split(',').Select(cell => cell.Trim('"'))];

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
