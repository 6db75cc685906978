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

/// <summary>A value and how often it occurs; a sketched count may be over by up to <paramref name="Overcount"/>, never under.</summary>
public sealed record ValueCount(string Value, long Count, long Overcount = 0);

/// <summary>
/// Whether a column's figures are exact or sketched, and how far a sketched one may be off. Counts,
/// missing values, min, max, mean, standard deviation and correlations are always exact.
/// </summary>
/// <param name="DistinctRelativeError">Relative standard error of a sketched distinct count (HyperLogLog), 0 when exact.</param>
/// <param name="TopValuesAreExact">
/// False when top values come from Space-Saving: each count may then be over by its <see cref="ValueCount.Overcount"/>,
/// and only values sure to outnumber every value the sketch let go are listed, possibly fewer than five.
/// </param>
/// <param name="QuantilesAreExact">True also for columns without quantiles.</param>
/// <param name="QuantileRankError">Bound on a sketched quantile's rank error as a fraction of the count (KLL), 0 when exact.</param>
public sealed record ColumnAccuracy(
    bool DistinctIsExact, double DistinctRelativeError, bool TopValuesAreExact, bool QuantilesAreExact, double QuantileRankError);

public sealed record ColumnProfile(
    string Name, ColumnType Type, long Count, long Missing, long Distinct,
    double? Min, double? Max, double? Mean, double? StandardDeviation, IReadOnlyDictionary<string, double>? Quantiles,
    IReadOnlyList<ValueCount> TopValues, ColumnAccuracy Accuracy);

/// <summary>How an uploaded dataset is written: CSV with a header row, or a JSON array of flat row objects.</summary>
public enum DatasetFormat
{
    Csv,
    JsonRows,
}

public sealed record DatasetProfile(long Rows, IReadOnlyList<ColumnProfile> Columns, IReadOnlyList<string> NumericColumns, double[][] Correlations);

/// <summary>
/// Profiles a dataset (CSV with a header row, or a JSON array of row objects): per column its inferred type, missing and distinct
/// counts, the five most frequent values, and for numbers min/max/mean/standard deviation and
/// quantiles; then the Pearson correlation of every pair of numeric columns over the rows where
/// both have a value. Empty cells and NA/null/NaN count as missing.
/// <para>
/// One pass in bounded memory, whatever the number of rows. A column is profiled exactly while it has at
/// most 100,000 distinct values (fewer with over ten columns, so that all columns together count at most
/// 1,000,000): distinct count, top values and type-7 quantiles then come from exact counts. Past that
/// the column switches to sketches (<see cref="HyperLogLog"/>, <see cref="SpaceSaving"/>,
/// <see cref="KllSketch"/>) and its <see cref="ColumnProfile.Accuracy"/> says so and how far the figures
/// may be off. Counts, missing values, min, max, mean, standard deviation and correlations stay exact.
/// </para>
/// </summary>
public static class DatasetProfiler
{
    public const int MaxColumns = 500;
    private const int ExactDistinctPerColumn = 100_000;
    private const int ExactDistinctInAll = 1_000_000;

    /// <summary>KLL's k: about 3k values kept per column; see <see cref="KllSketch.RankErrorBound"/>.</summary>
    private const int QuantileSketchSize = 600;

    /// <summary>Space-Saving counters: a sketched top-value count is over by at most 0.1% of the rows.</summary>
    private const int FrequentValueCounters = 1_000;

    private static readonly double[] QuantilePoints = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// <param name="csv">The CSV text, header row first.</param>
    /// <param name="seed">Seeds the quantile sketch's coin, so a profile is reproducible.</param>
    /// <exception cref="DatasetFormatException">The CSV is empty, malformed, has rows of the wrong width or too many columns.</exception>
    public static DatasetProfile Profile(TextReader csv, int seed = 0)
    {
        using var rows = new CsvRows(csv);
        return Profile(rows, seed);
    }

    /// <param name="data">UTF-8 CSV or JSON rows, as <paramref name="format"/> says; read to its end and left open.</param>
    /// <param name="format">How the rows are written.</param>
    /// <param name="seed">Seeds the quantile sketch's coin, so a profile is reproducible.</param>
    /// <exception cref="DatasetFormatException">The data is empty, malformed, has rows of the wrong width or too many columns.</exception>
    public static DatasetProfile Profile(Stream data, DatasetFormat format, int seed = 0)
    {
        if (format == DatasetFormat.JsonRows)
        {
            return Profile(new JsonRowReader(data), seed);
        }

        using var csv = new StreamReader(data, leaveOpen: true);
        return Profile(csv, seed);
    }

    /// <param name="rows">The dataset, its first row naming the columns.</param>
    /// <param name="seed">Seeds the quantile sketch's coin, so a profile is reproducible.</param>
    /// <exception cref="DatasetFormatException">The data is empty, malformed, has rows of the wrong width or too many columns.</exception>
    public static DatasetProfile Profile(IDatasetRows rows, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!rows.Read())
        {
            throw new DatasetFormatException(1, "the file is empty; the first row must name the columns.");
        }

        var width = rows.FieldCount;
        if (Enumerable.Range(0, width).All(i => rows[i].Trim().IsEmpty))
        {
            throw new DatasetFormatException(1, "the first row names no columns; it must name them.");
        }

        if (width > MaxColumns)
        {
            throw new DatasetFormatException(1, $"{width} columns; at most {MaxColumns} are profiled.");
        }

        var names = ColumnNames(rows);
        var random = new Random(seed);
        var exactDistinct = Math.Min(ExactDistinctPerColumn, ExactDistinctInAll / width);
        var columns = Enumerable.Range(0, width)
            .Select(i => new ColumnAccumulator(
                names[i],
                new ValueTally(exactDistinct, FrequentValueCounters),
                new NumericSummary(QuantileSketchSize, random)))
            .ToArray();
        var correlations = new CorrelationAccumulator(width);
        var numbers = new double[width];
        long count = 0;
        while (rows.Read())
        {
            if (rows.FieldCount == 1 && rows[0].IsEmpty)
            {
                continue;
            }

            if (rows.FieldCount != width)
            {
                throw new DatasetFormatException(rows.Row, $"{rows.FieldCount} fields where the header has {width}.");
            }

            for (var i = 0; i < width; i++)
            {
                var column = columns[i];
                var wasNumeric = column.MaybeNumeric;
                numbers[i] = column.Add(rows[i]);
                if (wasNumeric && !column.MaybeNumeric)
                {
                    correlations.Drop(i);
                }
            }

            correlations.Add(numbers);
            count++;
        }

        var numeric = Enumerable.Range(0, width).Where(i => columns[i].Numbers is not null).ToList();
        var matrix = numeric.Select(a => numeric.Select(b => a == b ? SelfCorrelation(columns[a].Numbers!) : correlations.Correlation(a, b)).ToArray()).ToArray();
        return new DatasetProfile(
            count,
            [.. columns.Select(c => c.ToProfile(QuantilePoints))],
            [.. numeric.Select(i => columns[i].Name)],
            matrix);
    }

    /// <summary>The header's names, each given and none twice: a profile, its top values and its correlations are told by column name.</summary>
    private static string[] ColumnNames(IDatasetRows header)
    {
        var names = new string[header.FieldCount];
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = header[i].Trim().ToString();
            if (names[i].Length == 0)
            {
                throw new DatasetFormatException(1, $"column {i + 1} has no name; the first row must name every column.");
            }

            if (!positions.TryAdd(names[i], i + 1))
            {
                throw new DatasetFormatException(1, $"column {i + 1} is named '{names[i]}', as column {positions[names[i]]} is; each column needs a name of its own.");
            }
        }

        return names;
    }

    /// <summary>A column correlates perfectly with itself, unless it is constant or has one value: then r is 0/0.</summary>
    private static double SelfCorrelation(NumericSummary numbers) => numbers.StandardDeviation > 0 ? 1 : double.NaN;
}
