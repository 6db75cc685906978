using System.Diagnostics;
using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Bench;

/// <summary>
/// The speed point: the median time to forecast a 1,000-point monthly-like series (trend, a season of 12
/// and noise, seed 7), 12 ahead, timed with a stopwatch after warm-up, and the process's processor time a forecast.
/// Shorter series (the first <c>points</c> of the same one) time the lengths ARIMA fits by maximum likelihood.
/// </summary>
internal static class ForecastLatency
{
    public static void Run(int rounds, int points)
    {
        var random = new Random(7);
        double[] series = [.. Enumerable.Range(0, points).Select(t => 200 + (0.1 * t) + (20 * Math.Sin(2 * Math.PI * t / 12)) + (random.NextDouble() * 8))];
        for (var i = 0; i < 5; i++)
        {
            Forecaster.Forecast(series, 12, 12);
        }

        // The machine is shared, so wall times swing with other load; processor time counts only this process's work.
        using var process = Process.GetCurrentProcess();
        var processorBefore = process.TotalProcessorTime;
        var times = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            Forecaster.Forecast(series, 12, 12);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        process.Refresh();
        var processor = (process.TotalProcessorTime - processorBefore).TotalMilliseconds / rounds;
        Array.Sort(times);
        Console.WriteLine($"{points:N0} points, season 12, 12 ahead: median {times[rounds / 2]:F1} ms, p10 {times[rounds / 10]:F1} ms, p90 {times[rounds * 9 / 10]:F1} ms, " +
            $"processor time {processor:F1} ms a forecast ({rounds} rounds)");
    }
}
