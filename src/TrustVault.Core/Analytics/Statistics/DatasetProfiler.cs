using System.Globalization;

namespace TrustVault.Core.Analytics.Statistics;

public enum ColumnType
{
    Empty,
    Boolean,
    Integer,
    Number,
    Date,
    Text,
}

public sealed record ValueCount(string Value, long Count);

public sealed record ColumnProfile(
    string Name, ColumnType Type, long Count, long Missing, long Distinct,
    double? Min, double? Max, double? Mean, double? StandardDeviation, IReadOnlyDictionary<string, double>? Quantiles,
    IReadOnlyList<ValueCount> TopValues);

public sealed record DatasetProfile(long Rows, IReadOnlyList<ColumnProfile> Columns, IReadOnlyList<string> NumericColumns, double[][] Correlations);

/// <summary>
/// Profiles a CSV dataset (header row first): per column its inferred type, missing and distinct
/// counts, the five most frequent values, and for numbers min/max/mean/standard deviation and
/// quantiles; then the Pearson correlation of every pair of numeric columns over the rows where
/// both have a value. Empty cells and NA/null/NaN count as missing.
/// </summary>
public static class DatasetProfiler
{
    public const int MaxColumns = 500;
    private static readonly double[] QuantilePoints = [0.05, 0.25, 0.5, 0.75, 0.95];
    private static readonly HashSet<string> MissingMarkers = new(StringComparer.OrdinalIgnoreCase) { "", "na", "n/a", "null", "nan" };

    public static DatasetProfile Profile(TextReader csv)
    {
        using var rows = CsvReader.ReadRows(csv).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new CsvFormatException(1, "the file is empty; the first row must name the columns.");
        }

        var header = rows.Current.Select(h => h.Trim()).ToArray();
        if (header.Length > MaxColumns)
        {
            throw new CsvFormatException(1, $"{header.Length} columns; at most {MaxColumns} are profiled.");
        }

        var cells = header.Select(_ => new List<string?>()).ToArray();
        long count = 0;
        var rowNumber = 1;
        while (rows.MoveNext())
        {
            rowNumber++;
            var row = rows.Current;
            if (row.Length == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (row.Length != header.Length)
            {
                throw new CsvFormatException(rowNumber, $"{row.Length} fields where the header has {header.Length}.");
            }

            for (var i = 0; i < row.Length; i++)
            {
                var value = row[i].Trim();
                cells[i].Add(MissingMarkers.Contains(value) ? null : value);
            }

            count++;
        }

        var columns = header.Select((name, i) => ProfileColumn(name, cells[i])).ToList();
        var numeric = columns.Select((c, i) => (c, i)).Where(x => x.c.Type is ColumnType.Integer or ColumnType.Number).ToList();
        var values = numeric.Select(x => cells[x.i].Select(v => v is null ? (double?)null : double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var correlations = new double[numeric.Count][];
        for (var a = 0; a < numeric.Count; a++)
        {
            correlations[a] = new double[numeric.Count];
            for (var b = 0; b < numeric.Count; b++)
            {
                var pairs = values[a].Zip(values[b]).Where(p => p.First is not null && p.Second is not null).ToList();
                correlations[a][b] = pairs.Count < 2
                    ? double.NaN
                    : Descriptive.Pearson(pairs.Select(p => p.First!.Value).ToList(), pairs.Select(p => p.Second!.Value).ToList());
            }
        }

        return new DatasetProfile(count, columns, numeric.Select(x => x.c.Name).ToList(), correlations);
    }

    private static ColumnProfile ProfileColumn(string name, List<string?> cells)
    {
        var present = cells.Where(v => v is not null).Select(v => v!).ToList();
        var type = InferType(present);
        var top = present.GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => new ValueCount(g.Key, g.LongCount()))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
            .Take(5).ToList();
        var distinct = present.Distinct(StringComparer.Ordinal).LongCount();
        if (type is not (ColumnType.Integer or ColumnType.Number))
        {
            return new ColumnProfile(name, type, cells.Count, cells.Count - present.Count, distinct, null, null, null, null, null, top);
        }

        var numbers = present.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Order().ToArray();
        var quantiles = QuantilePoints.ToDictionary(p => $"p{p * 100:0}", p => Descriptive.Quantile(numbers, p));
        return new ColumnProfile(
            name, type, cells.Count, cells.Count - present.Count, distinct,
            numbers[0], numbers[^1], numbers.Average(), Descriptive.StandardDeviation(numbers), quantiles, top);
    }

    private static ColumnType InferType(List<string> values)
    {
        if (values.Count == 0)
        {
            return ColumnType.Empty;
        }

        if (values.All(v => bool.TryParse(v, out _)))
        {
            return ColumnType.Boolean;
        }

        if (values.All(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
        {
            return ColumnType.Integer;
        }

        if (values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)))
        {
            return ColumnType.Number;
        }

        return values.All(v => DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            ? ColumnType.Date
            : ColumnType.Text;
    }
}
