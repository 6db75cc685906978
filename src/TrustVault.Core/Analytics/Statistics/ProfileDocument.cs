namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// A profile as the API answers it. JSON has no NaN or infinity: a pair without variance has a null correlation, and a
/// column whose values are too far apart for a double (about 1e154 for the standard deviation) has a null mean,
/// standard deviation or quantiles rather than failing the whole profile.
/// </summary>
public sealed record ProfileDocument(long Rows, IReadOnlyList<ColumnProfile> Columns, IReadOnlyList<string> NumericColumns, double?[][] Correlations)
{
    public static ProfileDocument From(DatasetProfile profile) => new(
        profile.Rows, [.. profile.Columns.Select(Representable)], profile.NumericColumns,
        [.. profile.Correlations.Select(row => row.Select(r => Finite(r)).ToArray())]);

    private static ColumnProfile Representable(ColumnProfile column) => column with
    {
        Mean = Finite(column.Mean),
        StandardDeviation = Finite(column.StandardDeviation),
        Quantiles = column.Quantiles?.Values.All(double.IsFinite) == false ? null : column.Quantiles,
    };

    private static double? Finite(double? value) => value is { } v && !double.IsFinite(v) ? null : value;
}
