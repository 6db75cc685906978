using System.Text;
using TrustVault.Core.Analytics.Statistics;

namespace TrustVault.Tests.Analytics;

public sealed class StatisticsTests
{
    // Anscombe, "Graphs in Statistical Analysis", The American Statistician 27(1), 1973: four data sets
    // with the same x mean (9), x variance (11), y mean (7.50), y variance (4.125 ± 0.003) and correlation (0.816).
    private static readonly double[] X123 = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
    private static readonly double[] Y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
    private static readonly double[] Y2 = [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74];
    private static readonly double[] Y3 = [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73];
    private static readonly double[] X4 = [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8];
    private static readonly double[] Y4 = [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89];

    [Theory]
    [MemberData(nameof(AnscombeSets))]
    public void Every_Anscombe_set_has_the_published_correlation_and_moments(double[] x, double[] y)
    {
        var profile = DatasetProfiler.Profile(new StringReader(string.Join('\n', x.Zip(y, (a, b) => $"{a},{b}").Prepend("x,y"))));
        var columns = profile.Columns.ToDictionary(c => c.Name);

        Assert.InRange(Descriptive.Pearson(x, y), 0.816, 0.817);
        Assert.Equal(Math.Sqrt(11), Descriptive.StandardDeviation(x), precision: 10);
        Assert.Equal(9.0, columns["x"].Mean!.Value, precision: 10);
        Assert.Equal(Math.Sqrt(11), columns["x"].StandardDeviation!.Value, precision: 10);
        Assert.Equal(7.50, columns["y"].Mean!.Value, precision: 2);
        Assert.InRange(Math.Pow(columns["y"].StandardDeviation!.Value, 2), 4.122, 4.128);
    }

    public static TheoryData<double[], double[]> AnscombeSets => new()
    {
        { X123, Y1 },
        { X123, Y2 },
        { X123, Y3 },
        { X4, Y4 },
    };

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 3.25)]
    [InlineData(0.5, 5.5)]
    [InlineData(0.9, 9.1)]
    [InlineData(1.0, 10.0)]
    public void Quantiles_match_R_and_NumPy_defaults(double p, double expected)
    {
        // R: quantile(1:10, p) (type 7); NumPy: np.quantile(np.arange(1, 11), p).
        Assert.Equal(expected, Descriptive.Quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p), precision: 10);
    }

    [Fact]
    public void A_profile_infers_types_and_counts_missing_distinct_and_top_values()
    {
        const string csv = """"
            id,price,active,signup,plan,note
            1,9.5,true,2026-01-03,pro,"hello, world"
            2,NA,false,2026-02-10,free,
            3,12,true,2026-03-01,pro,"said ""hi"""
            4,7.25,true,,free,x
            """";

        var profile = DatasetProfiler.Profile(new StringReader(csv));

        Assert.Equal(4, profile.Rows);
        var columns = profile.Columns.ToDictionary(c => c.Name);
        Assert.Equal(
            [ColumnType.Integer, ColumnType.Number, ColumnType.Boolean, ColumnType.Date, ColumnType.Text, ColumnType.Text],
            profile.Columns.Select(c => c.Type));
        Assert.Equal((1L, 3L), (columns["price"].Missing, columns["price"].Distinct));
        Assert.Equal((7.25, 12.0), (columns["price"].Min!.Value, columns["price"].Max!.Value));
        Assert.Equal(9.5, columns["price"].Quantiles!["p50"], precision: 10);
        Assert.Equal(new ValueCount("free", 2), columns["plan"].TopValues[0]);
        Assert.Contains(columns["note"].TopValues, v => v.Value == "said \"hi\"");
        Assert.Equal(1, columns["signup"].Missing);
    }

    [Fact]
    public void Numeric_columns_get_a_correlation_matrix_over_rows_where_both_have_values()
    {
        var lines = X123.Zip(Y1, (x, y) => $"{x},{y}").Prepend("x,y").Append("5,NA");
        var profile = DatasetProfiler.Profile(new StringReader(string.Join('\n', lines)));

        Assert.Equal(["x", "y"], profile.NumericColumns);
        Assert.Equal(1.0, profile.Correlations[0][0], precision: 10);
        Assert.Equal(0.816, profile.Correlations[0][1], precision: 3);
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        using var data = new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("id,name\r\n1,\"Zoë, \"\"the\"\" first\"\r\n")]);

        var profile = DatasetProfiler.Profile(data, DatasetFormat.Csv);

        Assert.Equal(["id", "name"], profile.Columns.Select(c => c.Name));
        Assert.Equal("Zoë, \"the\" first", profile.Columns[1].TopValues[0].Value);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", 3, "1 fields")]
    [InlineData("a,b\n1,\"open\n", 2, "not closed")]
    [InlineData("a,b\n1,x\"y\n", 2, "quote inside")]
    [InlineData("a,b\n1,2\n3,\"ab\"cd\n", 3, "after the closing quote")]
    [InlineData("", 1, "empty")]
    [InlineData("a,a,\n1,2,3\n4,5,6\n", 1, "column 2 is named 'a', as column 1 is")]
    [InlineData("a,b,\n1,2,3\n", 1, "column 3 has no name")]
    [InlineData("month;visits;revenue\n2025-01;1200;4310,5\n", 1, "separate fields with commas")]
    [InlineData("month;visits\n2025-01;1200\n", 1, "separate fields with commas")]
    [InlineData("month\tvisits\n2025-01\t1200\n", 1, "separate fields with commas")]
    public void Broken_csv_names_the_row(string csv, int row, string message)
    {
        var error = Assert.Throws<DatasetFormatException>(() => DatasetProfiler.Profile(new StringReader(csv)));

        Assert.Equal(row, error.Row);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
