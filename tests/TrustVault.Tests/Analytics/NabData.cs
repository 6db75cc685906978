using System.Globalization;
using System.Text.Json;
using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Tests.Analytics;

/// <summary>The three NAB files and their labelled windows, read from Data/nab.</summary>
internal sealed record NabSeries(string Name, double[] Values, IReadOnlyList<NabWindow> Windows)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "nab");

    public static IReadOnlyList<NabSeries> All { get; } = Load();

    public static NabSeries Named(string name) => All.Single(s => s.Name == name);

    private static NabSeries[] Load()
    {
        var labels = JsonSerializer.Deserialize<Dictionary<string, string[][]>>(File.ReadAllText(Path.Combine(Folder, "labels.json")))!;
        return labels.Select(entry =>
        {
            var name = Path.GetFileName(entry.Key);
            var rows = File.ReadLines(Path.Combine(Folder, name)).Skip(1).Select(line => line.Split(',')).ToArray();
            var timestamps = rows.Select(r => Parse(r[0])).ToArray();
            var values = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
            var windows = NabWindow.FromTimestamps(timestamps, entry.Value.Select(w => (Parse(w[0]), Parse(w[1]))));
            return new NabSeries(name, values, windows);
        }).ToArray();
    }

    private static DateTime Parse(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
