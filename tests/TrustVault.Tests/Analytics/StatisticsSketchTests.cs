using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;
using TrustVault.Core.Analytics.Statistics;
using Xunit.Abstractions;

namespace TrustVault.Tests.Analytics;

/// <summary>The profiler's bounded-memory path: sketches checked against exact answers on the same data.</summary>
public sealed class StatisticsSketchTests(ITestOutputHelper output)
{
    private const int Million = 1_000_000;

    [Theory]
    [InlineData("uniform")]
    [InlineData("sorted")]
    [InlineData("reverse-sorted")]
    [InlineData("heavy duplicates")]
    [InlineData("normal")]
    public void Kll_quantiles_are_within_one_percent_of_rank_on_a_million_values(string distribution)
    {
        var values = Values(distribution, new Random(11));
        var sketch = new KllSketch(600, new Random(5));
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        Array.Sort(values);
        var worst = Enumerable.Range(1, 99).Select(percent => RankError(values, percent / 100.0, sketch.Quantile(percent / 100.0))).Max();
        output.WriteLine($"{distribution}: worst rank error {worst:P3} of n over p = 1%..99%, {sketch.Retained} values retained");

        Assert.Equal(Million, sketch.Count);
        Assert.InRange(worst, 0, KllSketch.RankErrorBound);
        Assert.InRange(sketch.Retained, 1, 4 * 600);
    }

    [Fact]
    public void Kll_gives_the_same_answers_for_the_same_seed()
    {
        double[] Run(int seed)
        {
            var sketch = new KllSketch(64, new Random(seed));
            var data = new Random(1);
            for (var i = 0; i < 100_000; i++)
            {
                sketch.Add(data.NextDouble());
            }

            return [.. Enumerable.Range(1, 19).Select(i => sketch.Quantile(i / 20.0))];
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(20_000)]
    [InlineData(100_000)]
    [InlineData(Million)]
    public void HyperLogLog_estimates_within_three_standard_errors(int cardinality)
    {
        var sketch = new HyperLogLog();
        for (var repeat = 0; repeat < 2; repeat++)
        {
            for (var i = 0; i < cardinality; i++)
            {
                sketch.Add(ValueHash.Of($"customer-{i}"));
            }
        }

        var estimate = sketch.Estimate();
        output.WriteLine($"{cardinality}: estimate {estimate:F0}, off by {(estimate - cardinality) / cardinality:P2}");

        Assert.InRange(estimate, cardinality * (1 - (3 * HyperLogLog.RelativeStandardError)), cardinality * (1 + (3 * HyperLogLog.RelativeStandardError)));
    }

    [Fact]
    public void HyperLogLog_of_nothing_is_zero()
    {
        Assert.Equal(0, new HyperLogLog().Estimate());
    }

    [Fact]
    public void Space_saving_finds_the_heavy_hitters_with_counts_within_their_bound()
    {
        // 1,000,000 values: five heavy hitters with 10%, 5%, 2%, 1% and 0.5% of them, the rest spread over 200,000 others.
        (string Value, int Count)[] heavy = [("alpha", 100_000), ("bravo", 50_000), ("charlie", 20_000), ("delta", 10_000), ("echo", 5_000)];
        var stream = heavy.SelectMany(h => Enumerable.Repeat(h.Value, h.Count))
            .Concat(Enumerable.Range(0, Million - heavy.Sum(h => h.Count)).Select(i => $"noise-{i % 200_000}"))
            .ToArray();
        new Random(2).Shuffle(stream);
        var sketch = new SpaceSaving(1_000);
        foreach (var value in stream)
        {
            sketch.Add(value, ValueHash.Of(value));
        }

        var top = sketch.Top(5);

        Assert.Equal(heavy.Select(h => h.Value), top.Select(t => t.Value));
        Assert.All(top.Zip(heavy), p =>
        {
            Assert.InRange(p.Second.Count, p.First.Count - p.First.Overcount, p.First.Count);
            Assert.InRange(p.First.Overcount, 0, Million / 1_000);
        });
        Assert.InRange(sketch.MinimumCount, 1, Million / 1_000);
    }

    [Fact]
    public void Space_saving_counts_exactly_while_it_has_a_counter_for_every_value()
    {
        var sketch = new SpaceSaving(10);
        foreach (var value in "abracadabra")
        {
            sketch.Add([value], ValueHash.Of([value]));
        }

        Assert.Equal([new("a", 5), new("b", 2), new("r", 2), new("c", 1), new("d", 1)], sketch.Top(5));
        Assert.Equal(0, sketch.MinimumCount);
    }

    [Fact]
    public void A_long_column_with_few_distinct_numbers_keeps_exact_quantiles()
    {
        var random = new Random(4);
        var quantities = Enumerable.Range(0, 300_000).Select(_ => random.Next(1, 20)).ToArray();
        var halves = Enumerable.Range(0, 300_000).Select(_ => random.Next(0, 2000) / 2.0).ToArray();
        var csv = new StringBuilder("quantity,half\n");
        for (var i = 0; i < quantities.Length; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{quantities[i]},{halves[i]}\n");
        }

        var profile = DatasetProfiler.Profile(new StringReader(csv.ToString()));

        foreach (var (column, values) in new[] { (profile.Columns[0], quantities.Select(q => (double)q)), (profile.Columns[1], halves) })
        {
            var sorted = values.Order().ToArray();
            Assert.Equal(new ColumnAccuracy(true, 0, true, true, 0), column.Accuracy);
            Assert.Equal(sorted.Distinct().Count(), column.Distinct);
            foreach (var p in new[] { 0.05, 0.25, 0.5, 0.75, 0.95 })
            {
                Assert.Equal(Descriptive.Quantile(sorted, p), column.Quantiles![$"p{p * 100:0}"], precision: 10);
            }
        }
    }

    [Fact]
    public void A_column_past_the_exact_limit_is_sketched_and_says_so()
    {
        // 250,000 shuffled ids 0..249,999 (an id's value is its rank) beside a plan column with three values.
        const int rows = 250_000;
        var ids = Enumerable.Range(0, rows).ToArray();
        new Random(8).Shuffle(ids);
        var csv = new StringBuilder("id,plan\n");
        foreach (var id in ids)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{id},{(id % 10 == 0 ? "pro" : id % 10 < 4 ? "team" : "free")}\n");
        }

        var profile = DatasetProfiler.Profile(new StringReader(csv.ToString()), seed: 1);
        var column = profile.Columns[0];

        Assert.Equal(new ColumnAccuracy(false, HyperLogLog.RelativeStandardError, false, false, KllSketch.RankErrorBound), column.Accuracy);
        Assert.InRange(column.Distinct, rows * (1 - (3 * HyperLogLog.RelativeStandardError)), rows * (1 + (3 * HyperLogLog.RelativeStandardError)));
        Assert.Equal((0.0, rows - 1.0), (column.Min!.Value, column.Max!.Value));
        Assert.Equal((rows - 1) / 2.0, column.Mean!.Value, precision: 6);
        Assert.All(column.Quantiles!, q => Assert.InRange(q.Value, (double.Parse(q.Key[1..], CultureInfo.InvariantCulture) / 100 * (rows - 1)) - (KllSketch.RankErrorBound * rows), (double.Parse(q.Key[1..], CultureInfo.InvariantCulture) / 100 * (rows - 1)) + (KllSketch.RankErrorBound * rows)));
        Assert.Empty(column.TopValues);
        Assert.Equal([new("free", 150_000), new("team", 75_000), new("pro", 25_000)], profile.Columns[1].TopValues);
        Assert.True(profile.Columns[1].Accuracy.DistinctIsExact);
    }

    [Fact]
    public void Streamed_correlations_match_the_two_pass_formula_over_rows_where_both_have_values()
    {
        var random = new Random(6);
        var rows = Enumerable.Range(0, 5_000).Select(_ =>
        {
            var x = Normal.Sample(random, 10, 3);
            var y = (0.6 * x) + Normal.Sample(random, 0, 2);
            var z = random.NextDouble() < 0.2 ? (double?)null : x - y + Normal.Sample(random, 0, 1);
            return (X: x, Y: random.NextDouble() < 0.1 ? (double?)null : y, Z: z);
        }).ToList();
        var csv = "x,y,z\n" + string.Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.X:R},{(r.Y is { } y ? y.ToString("R", CultureInfo.InvariantCulture) : "NA")},{(r.Z is { } z ? z.ToString("R", CultureInfo.InvariantCulture) : "")}\n")));

        var profile = DatasetProfiler.Profile(new StringReader(csv));

        double TwoPass(Func<(double X, double? Y, double? Z), double?> a, Func<(double X, double? Y, double? Z), double?> b)
        {
            var pairs = rows.Where(r => a(r) is not null && b(r) is not null).ToList();
            return Descriptive.Pearson([.. pairs.Select(r => a(r)!.Value)], [.. pairs.Select(r => b(r)!.Value)]);
        }

        Assert.Equal(TwoPass(r => r.X, r => r.Y), profile.Correlations[0][1], precision: 12);
        Assert.Equal(TwoPass(r => r.X, r => r.Z), profile.Correlations[0][2], precision: 12);
        Assert.Equal(TwoPass(r => r.Y, r => r.Z), profile.Correlations[2][1], precision: 12);
    }

    [Fact]
    public void A_constant_column_has_no_correlation_not_even_with_itself()
    {
        var profile = DatasetProfiler.Profile(new StringReader("a,b\n1,5\n2,5\n3,5\n"));

        Assert.Equal(1.0, profile.Correlations[0][0]);
        Assert.True(double.IsNaN(profile.Correlations[1][1]));
        Assert.True(double.IsNaN(profile.Correlations[0][1]));
    }

    [Fact]
    public void A_quoted_field_longer_than_the_read_buffer_keeps_every_character()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? "\"\"" : i % 11 == 0 ? "\n," : "ab"));
        var expected = text.Replace("\"\"", "\"", StringComparison.Ordinal);

        var profile = DatasetProfiler.Profile(new StringReader($"note,n\n\"{text}\",1\r\nshort,2"));

        Assert.Equal(2, profile.Rows);
        Assert.Equal([expected, "short"], profile.Columns[0].TopValues.Select(v => v.Value).Order(StringComparer.Ordinal));
        Assert.Equal((1.0, 2.0), (profile.Columns[1].Min!.Value, profile.Columns[1].Max!.Value));
    }

    [Theory]
    [InlineData("2024-02-29", ColumnType.Date)]
    [InlineData("2023-02-29", ColumnType.Text)]
    [InlineData("2023-13-01", ColumnType.Text)]
    [InlineData("2026-01-03T10:15:00Z", ColumnType.Date)]
    public void Dates_must_be_real_calendar_days(string value, ColumnType expected)
    {
        var profile = DatasetProfiler.Profile(new StringReader($"day\n2026-01-01\n{value}\n"));

        Assert.Equal(expected, profile.Columns[0].Type);
    }

    /// <summary>The rank error of an answer: how far, as a fraction of n, the target rank p(n − 1) is from the ranks the value occupies in the sorted data.</summary>
    private static double RankError(double[] sorted, double p, double answer)
    {
        var first = LowerBound(sorted, answer);
        var last = LowerBound(sorted, Math.BitIncrement(answer)) - 1;
        var target = p * (sorted.Length - 1);
        var distance = target < first ? first - target : target > last ? target - last : 0;
        return distance / sorted.Length;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static double[] Values(string distribution, Random random) => distribution switch
    {
        "uniform" => [.. Enumerable.Range(0, Million).Select(_ => random.NextDouble())],
        "sorted" => [.. Enumerable.Range(0, Million).Select(i => (double)i)],
        "reverse-sorted" => [.. Enumerable.Range(0, Million).Select(i => (double)(Million - i))],
        "heavy duplicates" => [.. Enumerable.Range(0, Million).Select(_ => random.NextDouble() < 0.7 ? 42.0 : random.Next(100))],
        "normal" => [.. Normal.Samples(random, 50, 10).Take(Million)],
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown distribution."),
    };
}
