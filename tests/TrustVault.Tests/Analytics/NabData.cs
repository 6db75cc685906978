using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Tests.Analytics;

/// <summary>The three NAB files and their labelled windows, read from Data/nab.</summary>
internal static class NabData
{
    public static IReadOnlyList<NabSeries> All { get; } = NabSeries.Load(Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "nab"));

    public static NabSeries Named(string name) => All.Single(s => s.Name == name);
}
