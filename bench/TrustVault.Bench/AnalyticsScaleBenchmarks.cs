using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using TrustVault.Core.Analytics.Forecasting;
using TrustVault.Core.Analytics.Statistics;

namespace TrustVault.Bench;

/// <summary>The scale points: profiling 1,000,000 CSV rows and forecasting a 10,000-point series.</summary>
[MemoryDiagnoser]
public class AnalyticsScaleBenchmarks
{
    private string csv = "";
    private double[] series = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var text = new StringBuilder("id,amount,quantity,country,signed_up\n");
        string[] countries = ["DE", "FR", "US", "GB", "JP", "BR", ""];
        for (var i = 0; i < 1_000_000; i++)
        {
            text.Append(i).Append(',')
                .Append((random.NextDouble() * 500).ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(1, 20)).Append(',')
                .Append(countries[random.Next(countries.Length)]).Append(',')
                .Append(new DateOnly(2020, 1, 1).AddDays(random.Next(2000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }

        csv = text.ToString();
        series = [.. Enumerable.Range(0, 10_000).Select(t => 100 + (0.01 * t) + (10 * Math.Sin(2 * Math.PI * t / 24)) + (random.NextDouble() * 2))];
    }

    [Benchmark]
    public DatasetProfile ProfileOneMillionRows() => DatasetProfiler.Profile(new StringReader(csv));

    [Benchmark]
    public Forecast ForecastTenThousandPoints() => Forecaster.Forecast(series, 48, 24);
}
