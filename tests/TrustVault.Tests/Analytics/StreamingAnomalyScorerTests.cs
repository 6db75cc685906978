using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// The streaming method is causal: scoring a prefix of a series gives exactly the scores, flags and bands that the same
/// points get inside the whole series, whatever comes after them, with its season found along the way or given.
/// </summary>
public sealed class StreamingAnomalyScorerTests
{
    /// <summary>The shared NAB files and seeded series of other shapes: seasonal with spikes, a random walk, a step, flat stretches.</summary>
    public static TheoryData<string> Series() => [.. NabData.All.Select(s => s.Name), .. Generated.Keys];

    private static readonly Dictionary<string, double[]> Generated = new()
    {
        ["hourly season with spikes (seed 1)"] = Seasonal(seed: 1, length: 1_500, period: 24),
        ["5-minute season with spikes (seed 2)"] = Seasonal(seed: 2, length: 3_000, period: 288),
        ["random walk (seed 3)"] = RandomWalk(seed: 3, length: 1_200),
        ["flat, then a step up, then flat again"] = [.. Enumerable.Repeat(5.0, 700), .. Enumerable.Repeat(9.0, 600)],
    };

    private static double[] Values(string name) => Generated.TryGetValue(name, out var values) ? values : NabData.Named(name).Values;

    [Theory]
    [MemberData(nameof(Series))]
    public void Adding_later_points_never_changes_earlier_scores_or_flags(string name)
    {
        var values = Values(name);
        var whole = AnomalyDetector.Detect(values, new AnomalyOptions { Method = AnomalyMethod.Streaming });

        // Cuts around the points where the scorer starts, refreshes its statistics and looks for seasons again.
        int[] cuts = [.. new[] { 8, 99, 150, 255, 256, 257, 511, 512, 700, 1_024, values.Length / 2, values.Length - 1 }
            .Where(cut => cut < values.Length).Distinct()];
        foreach (var cut in cuts)
        {
            var prefix = AnomalyDetector.Detect(values[..cut], new AnomalyOptions { Method = AnomalyMethod.Streaming });

            Assert.Equal(whole.Scores.Take(cut), prefix.Scores);
            Assert.Equal(whole.Anomalies.Where(a => a.Index < cut), prefix.Anomalies);
        }
    }

    [Fact]
    public void A_given_period_is_used_from_the_start_and_stays_causal()
    {
        var values = Values("hourly season with spikes (seed 1)");
        var options = new AnomalyOptions { Method = AnomalyMethod.Streaming, Period = 24 };

        var whole = AnomalyDetector.Detect(values, options);
        var prefix = AnomalyDetector.Detect(values[..400], options);

        Assert.Equal(24, whole.Period);
        Assert.Equal(whole.Scores.Take(400), prefix.Scores);
        Assert.Contains(whole.Anomalies, a => a.Index == 300);
    }

    [Fact]
    public void The_season_is_learned_once_two_cycles_are_in()
    {
        var values = Values("hourly season with spikes (seed 1)");

        Assert.Null(AnomalyDetector.Detect(values[..255], new AnomalyOptions { Method = AnomalyMethod.Streaming }).Period);
        Assert.Equal(24, AnomalyDetector.Detect(values, new AnomalyOptions { Method = AnomalyMethod.Streaming }).Period);
    }

    /// <summary>100 + 20·sin(2πt/period), Gaussian noise of σ = 1, and a spike of +12 every 300 points from 300.</summary>
    private static double[] Seasonal(int seed, int length, int period)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(t => 100 + (20 * Math.Sin(2 * Math.PI * t / period)) + Gaussian(random) + (t > 0 && t % 300 == 0 ? 12 : 0))];
    }

    private static double[] RandomWalk(int seed, int length)
    {
        var random = new Random(seed);
        var level = 0.0;
        return [.. Enumerable.Range(0, length).Select(_ => level += Gaussian(random))];
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
