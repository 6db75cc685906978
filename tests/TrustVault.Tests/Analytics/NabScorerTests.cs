using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// NAB's scoring rules, checked by hand-computed cases. How a detector scores on NAB files is a benchmark figure,
/// measured out of sample in bench/ (leave one file out), not a test.
/// </summary>
public sealed class NabScorerTests
{
    // 100 points: probation 15, one window of 10 points.
    private static readonly NabWindow Window = new(40, 49);

    private static NabFile File(params (int Index, double Score)[] detections)
    {
        var scores = new double[100];
        foreach (var (index, score) in detections)
        {
            scores[index] = score;
        }

        return new NabFile("hand-made", scores, [Window]);
    }

    [Fact]
    public void A_detection_on_the_first_point_of_every_window_scores_100()
    {
        var result = NabScorer.Score([File((40, 1.0))], NabProfile.Standard);

        Assert.Equal(100, result.Score, precision: 9);
        Assert.Equal((1, 0, 0), (result.Files[0].TruePositives, result.Files[0].FalsePositives, result.Files[0].FalseNegatives));
    }

    [Fact]
    public void A_detector_that_never_fires_or_always_gives_the_same_score_scores_0()
    {
        Assert.Equal(0, NabScorer.Score([File()], NabProfile.Standard).Score, precision: 9);
        Assert.Equal(0, NabScorer.Score([new NabFile("flat", Enumerable.Repeat(0.5, 100).ToArray(), [Window])], NabProfile.Standard).Score, precision: 9);
    }

    [Fact]
    public void Scoring_follows_the_sigmoid_weights_and_counts_only_the_first_detection_in_a_window()
    {
        // σ(y) = 2/(1 + e^{5y}) − 1 = tanh(−2.5y). Probation (5) ignored; FP before any window (20): −0.11;
        // TP at 45: y = −(49 − 45 + 1)/10 = −0.5, tanh(1.25)/tanh(2.5) = 0.848284/0.986614 = 0.859793;
        // second TP (47) ignored; FP at 52: y = 3/10, 0.11·(−tanh(0.75)) = 0.11·(−0.635149) = −0.069866.
        // Raw 0.679926, normalised 100·(0.679926 + 1)/2 = 83.9963.
        var result = NabScorer.ScoreAt([File((5, 1), (20, 1), (45, 1), (47, 1), (52, 1))], NabProfile.Standard, threshold: 0.5);

        Assert.Equal(0.679926, result.RawScore, precision: 6);
        Assert.Equal(83.9963, result.Score, precision: 4);
        Assert.Equal((1, 2, 0), (result.Files[0].TruePositives, result.Files[0].FalsePositives, result.Files[0].FalseNegatives));
    }

    [Fact]
    public void The_threshold_sweep_keeps_a_false_positive_when_that_buys_a_true_positive()
    {
        // Threshold 0.8 keeps the FP (−0.11) and the TP at 45 (+0.859793): 0.749793 beats −1 for no
        // detection, and 0.7 would add a late FP at 60 (y = 1.1, 0.11·σ = −0.109). 100·1.749793/2 = 87.4896.
        var result = NabScorer.Score([File((20, 0.9), (45, 0.8), (60, 0.7))], NabProfile.Standard);

        Assert.Equal(0.8, result.Threshold);
        Assert.Equal(87.4896, result.Score, precision: 4);
    }

    [Fact]
    public void The_probationary_period_is_15_percent_capped_at_750_points()
    {
        Assert.Equal(604, NabScorer.ProbationaryLength(4032));
        Assert.Equal(750, NabScorer.ProbationaryLength(10320));
    }

    [Fact]
    public void The_labelled_windows_map_to_the_documented_lengths()
    {
        // NAB windows span 10% of a file divided among its anomalies.
        Assert.Equal([403], NabData.Named("art_daily_jumpsup.csv").Windows.Select(w => w.Length));
        Assert.Equal([207, 207, 207, 207, 207], NabData.Named("nyc_taxi.csv").Windows.Select(w => w.Length));
    }
}
