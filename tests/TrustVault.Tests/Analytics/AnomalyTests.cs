using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Tests.Analytics;

public sealed class AnomalyTests
{
    private const int Period = 24;

    /// <summary>30 days of hourly values: 100 + 20·sin(2πt/24) plus seeded Gaussian noise of σ = 1.</summary>
    private static double[] SeasonalSeries(int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 30 * Period).Select(t =>
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return 100 + (20 * Math.Sin(2 * Math.PI * t / Period)) + gaussian;
        }).ToArray();
    }

    private static double[] WithSpikes(double[] series, params (int Index, double Size)[] spikes)
    {
        var copy = (double[])series.Clone();
        foreach (var (index, size) in spikes)
        {
            copy[index] += size;
        }

        return copy;
    }

    [Fact]
    public void Robust_z_matches_the_hand_computed_modified_z_score()
    {
        // Median 12; |x − 12| sorted 0,0,0,1,1,1,2,2,38 gives MAD 1; M(50) = 0.6745·38/1 = 25.631;
        // band 12 ± 3.5·1/0.6745 = 12 ± 5.18903.
        double[] values = [10, 12, 11, 13, 12, 11, 10, 12, 50];

        var report = AnomalyDetector.Detect(values, new AnomalyOptions { Method = AnomalyMethod.RobustZScore, Period = 0 });

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Null(report.Period);
        Assert.Equal((8, 50.0), (anomaly.Index, anomaly.Value));
        Assert.Equal(25.631, anomaly.Score, precision: 3);
        Assert.Equal(12, anomaly.Expected, precision: 9);
        Assert.Equal(6.81097, anomaly.Lower, precision: 4);
        Assert.Equal(17.18903, anomaly.Upper, precision: 4);
        Assert.Equal(0.6745 * 2, AnomalyDetector.Scores(values, new AnomalyOptions { Method = AnomalyMethod.RobustZScore, Period = 0 })[0], precision: 9);
    }

    [Theory]
    [InlineData(AnomalyMethod.RobustZScore)]
    [InlineData(AnomalyMethod.SeasonalHybridEsd)]
    [InlineData(AnomalyMethod.SpectralResidual)]
    public void Each_method_flags_the_injected_spike_and_dip_and_little_else(AnomalyMethod method)
    {
        var series = WithSpikes(SeasonalSeries(), (200, -12), (400, 15));

        var report = AnomalyDetector.Detect(series, new AnomalyOptions { Method = method, Period = Period });

        var flagged = report.Anomalies.Select(a => a.Index).ToArray();
        Assert.Contains(200, flagged);
        Assert.Contains(400, flagged);
        Assert.True(flagged.Length <= 4, $"{method} flagged {string.Join(", ", flagged)}");
        var spike = report.Anomalies.Single(a => a.Index == 400);
        var seasonalValue = 100 + (20 * Math.Sin(2 * Math.PI * 400 / Period));
        Assert.InRange(spike.Expected, seasonalValue - 1.5, seasonalValue + 1.5);
        Assert.True(spike.Lower < spike.Expected && spike.Expected < spike.Upper && spike.Value > spike.Upper);
    }

    [Theory]
    [InlineData(AnomalyMethod.RobustZScore)]
    [InlineData(AnomalyMethod.SeasonalHybridEsd)]
    [InlineData(AnomalyMethod.SpectralResidual)]
    [InlineData(AnomalyMethod.Streaming)]
    public void A_constant_series_has_no_anomaly(AnomalyMethod method)
    {
        // 5 is centred to exact zeros; 7.3 has no exact binary form, so its series' mean is 7.3 only up to rounding.
        foreach (var value in new[] { 0, 5, 7.3 })
        {
            var report = AnomalyDetector.Detect([.. Enumerable.Repeat(value, 300)], new AnomalyOptions { Method = method });

            Assert.Empty(report.Anomalies);
        }
    }

    [Theory]
    [InlineData(AnomalyMethod.RobustZScore, 1e-9)]
    [InlineData(AnomalyMethod.SeasonalHybridEsd, 1e-9)]
    [InlineData(AnomalyMethod.SpectralResidual, 1e-9)]
    [InlineData(AnomalyMethod.Streaming, 1e-9)]
    [InlineData(AnomalyMethod.Streaming, 1e9)]
    public void A_series_in_another_unit_gets_the_same_flags_and_scores(AnomalyMethod method, double unit)
    {
        var series = WithSpikes(SeasonalSeries(), (200, -12), (400, 15), (600, 6));
        var options = new AnomalyOptions { Method = method, Period = Period };

        var reference = AnomalyDetector.Detect(series, options);
        var scaled = AnomalyDetector.Detect([.. series.Select(v => v * unit)], options);

        Assert.NotEmpty(reference.Anomalies);
        Assert.Equal(reference.Anomalies.Select(a => a.Index), scaled.Anomalies.Select(a => a.Index));
        Assert.All(reference.Scores.Zip(scaled.Scores), s => Assert.Equal(s.First, s.Second, 1e-6 * Math.Max(1, Math.Abs(s.First))));
    }

    [Fact]
    public void Seasonal_hybrid_ESD_finds_a_cluster_of_ten_anomalies_without_masking()
    {
        var spikes = Enumerable.Range(0, 10).Select(i => (Index: 100 + (53 * i), Size: 8.0 + i)).ToArray();
        var series = WithSpikes(SeasonalSeries(seed: 11), spikes);

        var report = AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.SeasonalHybridEsd, Period = Period, MaxAnomalies = 0.1 });

        Assert.Equal(spikes.Select(s => s.Index), report.Anomalies.Select(a => a.Index));
    }

    [Theory]
    [InlineData(AnomalyMethod.SeasonalHybridEsd)]
    [InlineData(AnomalyMethod.RobustZScore)]
    public void Whole_numbers_that_tie_at_the_median_flag_only_the_spike(AnomalyMethod method)
    {
        // Removing the spike and the 12s leaves more 11s than anything else: a MAD of 0 made every 10 infinitely far out.
        double[] series = [10, 11, 10, 12, 11, 10, 11, 48, 10, 12, 11, 10, 11, 12, 10, 11];

        var report = AnomalyDetector.Detect(series, new AnomalyOptions { Method = method, MaxAnomalies = 0.5 });

        Assert.Equal([7], report.Anomalies.Select(a => a.Index));
        Assert.All(report.Anomalies, a => Assert.True(a.Upper > a.Lower, "the band has a width"));
    }

    [Fact]
    public void Seasonal_hybrid_ESD_flags_every_point_of_a_level_shift_that_the_median_ignores()
    {
        var series = SeasonalSeries(seed: 3);
        for (var t = 600; t < 620; t++)
        {
            series[t] += 10;
        }

        var report = AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.SeasonalHybridEsd, Period = Period, MaxAnomalies = 0.1 });

        Assert.Equal(Enumerable.Range(600, 20), report.Anomalies.Select(a => a.Index));
    }

    [Fact]
    public void Spectral_residual_flags_the_start_of_a_large_level_shift()
    {
        // Saliency marks changes, not levels: a shift must be large (here 30σ) to stand out.
        var series = SeasonalSeries(seed: 5);
        for (var t = 500; t < series.Length; t++)
        {
            series[t] += 30;
        }

        var report = AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.SpectralResidual, Period = Period });

        Assert.Contains(report.Anomalies, a => a.Index is >= 498 and <= 502);
    }

    [Theory]
    [InlineData(new double[] { 10, 11, 10, 12, 11, 10, 11, 10, 10, 12, 11, 10, 11, 12, 10, 11, 10, 11, 10, 12, 11, 10, 11, 10, 10, 12, 11, 10, 11, 12, 10, 48 })]
    [InlineData(new double[] { 5, 5, 5, 5, 5, 5, 5, 5, 5, 50 })]
    public void Spectral_residual_flags_a_spike_on_the_newest_point_and_not_the_first(double[] series)
    {
        // The extension past the end once copied the spike's level, hiding it, and the transform wrapped it onto index 0.
        var report = AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.SpectralResidual });

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal(series.Length - 1, anomaly.Index);
        Assert.True(report.Scores[0] < report.Scores[^1], $"first point scores {report.Scores[0]}, last {report.Scores[^1]}");
    }

    [Fact]
    public void Spectral_residual_flags_the_newest_point_of_a_long_seasonal_series()
    {
        var series = WithSpikes(SeasonalSeries()[..100], (99, 200));

        var report = AnomalyDetector.Detect(series, new AnomalyOptions { Method = AnomalyMethod.SpectralResidual, Period = Period });

        Assert.Equal(99, Assert.Single(report.Anomalies).Index);
    }

    [Theory]
    [InlineData(AnomalyMethod.RobustZScore, "ec2_request_latency_system_failure.csv")]
    [InlineData(AnomalyMethod.SeasonalHybridEsd, "ec2_request_latency_system_failure.csv")]
    [InlineData(AnomalyMethod.SpectralResidual, "ec2_request_latency_system_failure.csv")]
    [InlineData(AnomalyMethod.Streaming, "ec2_request_latency_system_failure.csv")]
    [InlineData(AnomalyMethod.RobustZScore, "art_daily_jumpsup.csv")]
    [InlineData(AnomalyMethod.SeasonalHybridEsd, "art_daily_jumpsup.csv")]
    [InlineData(AnomalyMethod.SpectralResidual, "art_daily_jumpsup.csv")]
    [InlineData(AnomalyMethod.Streaming, "art_daily_jumpsup.csv")]
    public void Each_methods_defaults_flag_at_most_2_percent_of_a_5_minute_NAB_file(AnomalyMethod method, string file)
    {
        // Two weeks of 5-minute points: before the cap the z-score's defaults flagged 9% of such a file (353 points).
        var series = NabData.Named(file);

        var flagged = AnomalyDetector.Detect(series.Values, new AnomalyOptions { Method = method }).Anomalies;

        Assert.InRange(flagged.Count, 1, 0.02 * series.Values.Length);
        if (method != AnomalyMethod.Streaming)
        {
            Assert.True(flagged.Count <= 0.01 * series.Values.Length, $"{method} flagged {flagged.Count} points, above its 1% cap");
        }
    }

    [Fact]
    public void The_streaming_default_catches_the_labelled_jump_of_the_synthetic_NAB_file()
    {
        var series = NabData.Named("art_daily_jumpsup.csv");

        var flagged = AnomalyDetector.Detect(series.Values, new AnomalyOptions { Method = AnomalyMethod.Streaming }).Anomalies;

        var window = Assert.Single(series.Windows);
        Assert.Contains(flagged, a => a.Index >= window.Start && a.Index <= window.End);
    }

    [Fact]
    public void Rosner_critical_values_match_the_published_table_for_54_points()
    {
        // NIST/SEMATECH e-Handbook §1.3.5.17.3 (Rosner's example, n = 54, α = 0.05), printed to 3 decimals.
        double[] table = [3.158, 3.151, 3.143, 3.136, 3.128, 3.120, 3.111, 3.103, 3.094, 3.085];

        var computed = Enumerable.Range(1, 10).Select(i => SeasonalHybridEsd.CriticalValue(54, i, 0.05)).ToArray();

        Assert.All(table.Zip(computed), pair => Assert.InRange(pair.Second, pair.First, pair.First + 0.001));
    }

    [Fact]
    public void Seasonality_is_found_in_the_NAB_series_and_not_in_noise()
    {
        var random = new Random(1);
        var noise = Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray();

        Assert.Equal(288, SeasonalityDetector.Detect(NabData.Named("art_daily_jumpsup.csv").Values));
        Assert.Equal(48, SeasonalityDetector.Detect(NabData.Named("nyc_taxi.csv").Values));
        Assert.Equal([48, 336], SeasonalityDetector.DetectAll(NabData.Named("nyc_taxi.csv").Values));
        Assert.Null(SeasonalityDetector.Detect(noise));
    }

    [Fact]
    public void A_detected_period_is_used_when_none_is_given()
    {
        var series = WithSpikes(SeasonalSeries(), (400, 15));

        var report = AnomalyDetector.Detect(series);

        Assert.Equal(Period, report.Period);
        Assert.Contains(report.Anomalies, a => a.Index == 400);
    }

    [Fact]
    public void The_streaming_scorer_only_looks_back()
    {
        var series = SeasonalSeries();
        var before = StreamingAnomalyScorer.Scores(series, [Period]);

        var after = StreamingAnomalyScorer.Scores(WithSpikes(series, (500, 40)), [Period]);

        Assert.Equal(before[..500], after[..500]);
        Assert.True(after[500] > 3 * before.Skip(50).Take(450).Max());
    }

    [Fact]
    public void Bad_input_is_refused_with_the_field_named()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal("values", Assert.Throws<ArgumentException>(() => AnomalyDetector.Detect([1, 2, 3])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => AnomalyDetector.Detect([.. values, double.NaN])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyDetector.Detect(values, new AnomalyOptions { Period = 6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyDetector.Detect(values, new AnomalyOptions { Alpha = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyDetector.Detect(values, new AnomalyOptions { MaxAnomalies = 0 }));
    }
}
