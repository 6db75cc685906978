using System.Globalization;
using System.Text.Json;

namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>One Numenta Anomaly Benchmark data file: its values, oldest first, and its labelled windows.</summary>
public sealed record NabSeries(string Name, double[] Values, IReadOnlyList<NabWindow> Windows)
{
    /// <summary>
    /// Every file that <c>labels.json</c> in <paramref name="folder"/> labels, read from the same folder
    /// (NAB's layout: a <c>timestamp,value</c> CSV per file, windows keyed by the file's relative path).
    /// </summary>
    public static IReadOnlyList<NabSeries> Load(string folder)
    {
        var labels = JsonSerializer.Deserialize<Dictionary<string, string[][]>>(File.ReadAllText(Path.Combine(folder, "labels.json")))
            ?? throw new InvalidDataException("labels.json is empty.");
        return [.. labels.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry =>
        {
            var name = Path.GetFileName(entry.Key);
            var rows = File.ReadLines(Path.Combine(folder, name)).Skip(1).Select(line => line.Split(',')).ToArray();
            var timestamps = rows.Select(r => Parse(r[0])).ToArray();
            var values = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
            var windows = NabWindow.FromTimestamps(timestamps, entry.Value.Select(w => (Parse(w[0]), Parse(w[1]))));
            return new NabSeries(name, values, windows);
        })];
    }

    private static DateTime Parse(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
