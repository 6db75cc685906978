namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// A profile as the API answers it. JSON has no NaN or infinity: a pair without variance has a null correlation, and a
/// column whose standard deviation is beyond a double (values near both −1e308 and 1e308) has a null one rather than
/// failing the whole profile. Means and quantiles lie between the column's values, so they are always finite.
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
    };

    private static double? Finite(double? value) => value is { } v && !double.IsFinite(v) ? null : value;
}
