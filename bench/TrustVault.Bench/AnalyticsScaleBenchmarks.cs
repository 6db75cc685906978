using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using TrustVault.Core.Analytics.Forecasting;
using TrustVault.Core.Analytics.Statistics;

namespace TrustVault.Bench;

/// <summary>
/// The scale points: profiling 1,000,000 CSV rows, profiling a ~100 MB CSV file streamed from disk
/// (the largest upload), and forecasting a 10,000-point series. The file benchmark also prints the process's
/// peak working set, which BenchmarkDotNet does not report, so memory held (not only allocated) is visible.
/// </summary>
[MemoryDiagnoser]
public class AnalyticsScaleBenchmarks
{
    private const int FileRows = 2_500_000;
    private string csv = "";
    private string csvFile = "";
    private double[] series = [];

    [GlobalSetup(Targets = [nameof(ProfileOneMillionRows), nameof(ForecastTenThousandPoints)])]
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

    /// <summary>Only the file is set up in this benchmark's process, so its peak working set is the profiler's and the runtime's.</summary>
    [GlobalSetup(Target = nameof(ProfileHundredMegabyteFile))]
    public void SetupFile() => csvFile = WriteHundredMegabyteCsv(new Random(7));

    [GlobalCleanup(Target = nameof(ProfileHundredMegabyteFile))]
    public void CleanupFile()
    {
        File.Delete(csvFile);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// Peak working set of the benchmark process: {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MB");
    }

    [Benchmark]
    public DatasetProfile ProfileOneMillionRows() => DatasetProfiler.Profile(new StringReader(csv));

    /// <summary>2,500,000 rows × 4 columns, about 100 MB: a unique id, a normal amount with 0.5% missing, a category and a date.</summary>
    [Benchmark]
    public DatasetProfile ProfileHundredMegabyteFile()
    {
        using var reader = new StreamReader(csvFile);
        return DatasetProfiler.Profile(reader);
    }

    [Benchmark]
    public Forecast ForecastTenThousandPoints() => Forecaster.Forecast(series, 48, 24);

    private static string WriteHundredMegabyteCsv(Random random)
    {
        var path = Path.Combine(Path.GetTempPath(), $"trustvault-profile-{Environment.ProcessId}.csv");
        string[] categories = ["groceries", "electronics", "travel", "restaurants", "utilities", "healthcare", "education"];
        using var writer = new StreamWriter(path);
        writer.Write("transaction_id,amount,category,booked_on\n");
        for (var i = 0; i < FileRows; i++)
        {
            var amount = random.NextDouble() < 0.005 ? "" : (120 + (45 * Gaussian(random))).ToString("0.00", CultureInfo.InvariantCulture);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{10_000_000 + i},{amount},{categories[random.Next(categories.Length)]},{new DateOnly(2021, 1, 1).AddDays(random.Next(1500)):yyyy-MM-dd}\n"));
        }

        return path;
    }

    /// <summary>A standard normal draw by the Box–Muller transform.</summary>
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
