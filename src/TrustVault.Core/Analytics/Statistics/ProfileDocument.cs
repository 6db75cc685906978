namespace TrustVault.Core.Analytics.Statistics;

/// <summary>A profile as the API answers it; JSON has no NaN, so a pair without variance has a null correlation.</summary>
public sealed record ProfileDocument(long Rows, IReadOnlyList<ColumnProfile> Columns, IReadOnlyList<string> NumericColumns, double?[][] Correlations)
{
    public static ProfileDocument From(DatasetProfile profile) => new(
        profile.Rows, profile.Columns, profile.NumericColumns,
        [.. profile.Correlations.Select(row => row.Select(r => double.IsNaN(r) ? (double?)null : r).ToArray())]);
}
