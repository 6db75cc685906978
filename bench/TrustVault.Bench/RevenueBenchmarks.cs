using BenchmarkDotNet.Attributes;
using TrustVault.Core.Analytics.BusinessIntelligence;
using TrustVault.Core.Analytics.Insights;

namespace TrustVault.Bench;

/// <summary>
/// The admin revenue dashboard's work: 10,000 customers over three years with plan changes and cancellations
/// (about 20,000 streams) analysed for the full period, a 100,000-event funnel, and narrating the result.
/// </summary>
[MemoryDiagnoser]
public class RevenueBenchmarks
{
    private readonly List<RevenueStream> streams = [];
    private readonly List<FunnelEvent> events = [];
    private RevenueReport report = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var origin = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var c = 0; c < 10_000; c++)
        {
            var start = origin.AddDays(random.Next(0, 1000));
            var change = start.AddDays(random.Next(30, 400));
            DateTimeOffset? end = random.NextDouble() < 0.3 ? change.AddDays(random.Next(30, 300)) : null;
            var product = $"product-{random.Next(0, 200)}";
            var provider = $"provider-{random.Next(0, 40)}";
            streams.Add(new RevenueStream($"c{c}", $"s{c}a", product, provider, start, change, random.Next(10, 500), "USD"));
            streams.Add(new RevenueStream($"c{c}", $"s{c}b", product, provider, change, end, random.Next(10, 500), "USD"));
        }

        string[] steps = ["visit", "signup", "key", "first-call", "subscribe"];
        for (var e = 0; e < 100_000; e++)
        {
            events.Add(new FunnelEvent($"u{random.Next(0, 20_000)}", steps[random.Next(0, steps.Length)], origin.AddMinutes(random.Next(0, 500_000))));
        }

        report = Analyze();
    }

    [Benchmark]
    public RevenueReport Analyze() => RevenueAnalyzer.Analyze(streams, new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 1));

    [Benchmark]
    public FunnelResult Funnel() => FunnelAnalyzer.Analyze(events, ["visit", "signup", "key", "first-call", "subscribe"], TimeSpan.FromDays(14));

    [Benchmark]
    public string NarrateWithTemplate() => TemplateNarrator.Narrate(report.ToInsight());
}
