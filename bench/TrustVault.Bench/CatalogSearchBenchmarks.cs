using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;

namespace TrustVault.Bench;

/// <summary>Catalog search, suggestions and related listings over 10,000 generated listings (target: p95 under 50 ms each).</summary>
[Config(typeof(Percentiles))]
[MemoryDiagnoser]
public class CatalogSearchBenchmarks
{
    private const int Listings = 10_000;

    private static readonly string[] Words =
    [
        "weather", "forecast", "currency", "exchange", "payments", "invoice", "sms", "email", "geocoding", "maps", "routing", "sentiment",
        "translation", "vision", "ocr", "fraud", "identity", "kyc", "stocks", "crypto", "blockchain", "analytics", "metrics", "search",
        "storage", "pdf", "image", "video", "audio", "speech", "calendar", "shipping", "tracking", "inventory", "pricing", "tax", "address",
        "validation", "security", "threat", "ip", "domain", "dns", "uptime", "monitoring", "logs", "events", "webhooks", "notifications",
        "chat", "news", "sports", "recipes", "travel", "flights", "hotels", "weather-alerts", "air", "quality", "energy", "carbon",
    ];

    private readonly CatalogSearchIndex index = new();
    private readonly CatalogQuery oneWord = new() { Text = "forecast" };
    private readonly CatalogQuery twoWordsWithFacets = new()
    {
        Text = "fraud identity",
        Categories = new HashSet<string> { "Security", "Finance" },
        FreeTrialOnly = true,
        Sort = CatalogSort.Rating,
    };
    private readonly CatalogQuery prefix = new() { Text = "geo" };
    private readonly CatalogQuery browse = new() { PriceBands = new HashSet<PriceBand> { PriceBand.Under50 }, Sort = CatalogSort.Popularity, Page = 3 };
    private readonly CatalogQuery misspelt = new() { Text = "forcast" };
    private readonly CatalogQuery twoMisspelt = new() { Text = "analitycs metrcs" };
    private Guid someListing;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string Sentence(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
        var ids = Enumerable.Range(0, Listings).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();
        someListing = ids[Listings / 2];
        index.Rebuild(Enumerable.Range(0, Listings).Select(i =>
        {
            var price = random.Next(5) == 0 ? 0m : random.Next(1, 500);
            return new CatalogDocument(
                ids[i],
                $"api-{i}",
                $"{Sentence(2)} API {i}",
                Sentence(12),
                Sentence(120),
                ListingRules.Categories[random.Next(ListingRules.Categories.Count)],
                [.. Enumerable.Range(0, 4).Select(_ => Words[random.Next(Words.Length)])],
                [.. Enumerable.Range(0, 6).Select(_ => Sentence(8))],
                $"Provider {random.Next(500)}",
                false,
                price,
                price == 0m,
                "USD",
                random.Next(3) == 0,
                random.NextDouble() * 5,
                random.Next(50),
                random.Next(1000),
                DateTimeOffset.UnixEpoch.AddDays(random.Next(2000)),
                null);
        }));
    }

    [GlobalCleanup]
    public void Cleanup() => index.Dispose();

    [Benchmark]
    public int OneWord() => index.Search(oneWord).Total;

    [Benchmark]
    public int TwoWordsWithFacets() => index.Search(twoWordsWithFacets).Total;

    [Benchmark]
    public int Prefix() => index.Search(prefix).Total;

    [Benchmark]
    public int BrowseByFacet() => index.Search(browse).Total;

    [Benchmark]
    public int Misspelt() => index.Search(misspelt).Total;

    [Benchmark]
    public int TwoMisspelt() => index.Search(twoMisspelt).Total;

    /// <summary>A stop word typed so far: every term starting "for", and the listings named by them.</summary>
    [Benchmark]
    public int SuggestStopWordPrefix() => index.Suggest("for", 8).Count;

    /// <summary>No term starts "wether": the words starting "w" are compared by edit distance.</summary>
    [Benchmark]
    public int SuggestMisspeltPrefix() => index.Suggest("wether", 8).Count;

    [Benchmark]
    public int SuggestSecondWord() => index.Suggest("weather fore", 8).Count;

    [Benchmark]
    public int Related() => index.Related(someListing, 4).Count;

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles() => AddColumn(StatisticColumn.Median, StatisticColumn.P95);
    }
}
