using System.Globalization;

namespace TrustVault.Bench;

/// <summary>
/// A proxy process's running totals of bytes allocated and gen0 collections, read between measured phases: TrustVault's
/// from its Prometheus endpoint (the runtime's own meter, as an operator would read it), the bare forward's from an
/// endpoint of its own, both from the runtime's approximate total.
/// </summary>
internal readonly record struct Heap(long Bytes, long Gen0Collections)
{
    public const string BarePath = "/heap";

    private const string AllocatedSeries = "dotnet_gc_heap_total_allocated_bytes_total";
    private const string CollectionsSeries = "dotnet_gc_collections_total";
    private const string Gen0Label = "gc_heap_generation=\"gen0\"";

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static string Format(long bytes, long gen0Collections) => string.Create(CultureInfo.InvariantCulture, $"{bytes} {gen0Collections}");

    public static Func<Task<Heap>> BareForwardAsync(string address) => async () =>
    {
        var parts = (await Client.GetStringAsync(address + BarePath)).Split(' ');
        return new Heap(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    };

    /// <summary>The app serves /metrics to loopback callers without a token.</summary>
    public static Func<Task<Heap>> TrustVaultAsync(string address) => async () =>
    {
        var samples = (await Client.GetStringAsync(address + "/metrics")).Split('\n').Where(line => !line.StartsWith('#')).ToList();
        return new Heap(Sample(samples, AllocatedSeries, label: null), Sample(samples, CollectionsSeries, Gen0Label));
    };

    private static long Sample(List<string> samples, string series, string? label)
    {
        var line = samples.FirstOrDefault(s => s.StartsWith(series, StringComparison.Ordinal) && (label is null || s.Contains(label, StringComparison.Ordinal)))
            ?? throw new InvalidOperationException($"/metrics has no {series} {label}.");
        // A sample is "name{labels} value [timestamp]".
        var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
        return (long)double.Parse(value, CultureInfo.InvariantCulture);
    }
}
