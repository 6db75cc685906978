using BenchmarkDotNet.Attributes;
using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Bench;

/// <summary>Each detector on 100,000 points: a daily cycle of 288 points, Gaussian noise and 50 spikes (seed 42).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AnomalyBenchmarks
{
    private const int Period = 288;
    private double[] series = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        series = Enumerable.Range(0, 100_000).Select(t =>
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return 100 + (20 * Math.Sin(2 * Math.PI * t / Period)) + gaussian;
        }).ToArray();
        for (var i = 0; i < 50; i++)
        {
            series[random.Next(series.Length)] += 15;
        }
    }

    [Benchmark]
    public int RobustZScore() => AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.RobustZScore, Period = Period }).Anomalies.Count;

    [Benchmark]
    public int SeasonalHybridEsd() => AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.SeasonalHybridEsd, Period = Period }).Anomalies.Count;

    [Benchmark]
    public int SpectralResidual() => AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.SpectralResidual, Period = Period }).Anomalies.Count;

    [Benchmark]
    public int StreamingScorer() => StreamingAnomalyScorer.Scores(series, [Period]).Count(s => s > 2);

    [Benchmark]
    public int? SeasonalityDetection() => SeasonalityDetector.Detect(series);
}
