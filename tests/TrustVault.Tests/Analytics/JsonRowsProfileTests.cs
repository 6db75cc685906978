using System.Globalization;
using System.Text;
using System.Text.Json;
using TrustVault.Core.Analytics.Statistics;

namespace TrustVault.Tests.Analytics;

public sealed class JsonRowsProfileTests
{
    private static DatasetProfile ProfileJson(string json) => DatasetProfiler.Profile(new JsonRowReader(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    private static string Serialized(DatasetProfile profile) => JsonSerializer.Serialize(ProfileDocument.From(profile));

    [Fact]
    public void Json_rows_profile_exactly_as_the_same_rows_in_csv()
    {
        const string csv = """
            month,visits,revenue,channel,promo
            2025-01,1200,4310.50,search,true
            2025-02,1340,4620.00,search,false
            2025-03,1290,,social,false
            2025-04,1510,5105.75,search,true
            """;
        const string json = """
            [
              {"month": "2025-01", "visits": 1200, "revenue": 4310.50, "channel": "search", "promo": true},
              {"month": "2025-02", "visits": 1340, "revenue": 4620.00, "channel": "search", "promo": false},
              {"month": "2025-03", "visits": 1290, "revenue": null, "channel": "social", "promo": false},
              {"month": "2025-04", "visits": 1510, "revenue": 5105.75, "channel": "search", "promo": true}
            ]
            """;

        Assert.Equal(Serialized(DatasetProfiler.Profile(new StringReader(csv))), Serialized(ProfileJson(json)));
    }

    [Fact]
    public void A_byte_order_mark_before_the_array_is_skipped()
    {
        using var data = new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. "[{\"a\":1},{\"a\":2}]"u8]);

        var profile = DatasetProfiler.Profile(data, DatasetFormat.JsonRows);

        Assert.Equal((2L, "a"), (profile.Rows, Assert.Single(profile.Columns).Name));
    }

    [Fact]
    public void A_field_left_out_or_null_is_missing()
    {
        var profile = ProfileJson("""[{"a": 1, "b": "x"}, {"a": 2}, {"b": null, "a": 3}]""");

        var b = profile.Columns.Single(c => c.Name == "b");
        Assert.Equal((3L, 2L), (b.Count, b.Missing));
        Assert.Equal(3, profile.Rows);
    }

    [Theory]
    [InlineData("""[{"a": 1}, {"a": 2}, {"a": 3, "b": 4}]""", 3, "'b' is not a field of the first row")]
    [InlineData("""[{"a": 1}, {"a": {"nested": true}}]""", 2, "'a' is an object")]
    [InlineData("""[{"a": 1}, {"a": [1, 2]}]""", 2, "'a' is a list")]
    [InlineData("""[{"a": 1}, 42]""", 2, "each row must be an object")]
    [InlineData("""{"a": 1}""", 1, "send a JSON array of row objects")]
    [InlineData("""[]""", 1, "the array is empty")]
    [InlineData("""[{"a": 1}, {"a": 2""", 2, "not valid JSON")]
    [InlineData("""[{"a": 1}, {"a": tru}]""", 2, "not valid JSON")]
    [InlineData("""[{"a": 1}, {"a": 2}] garbage""", 2, "not valid JSON")]
    [InlineData("""[{"a": 1}] [{"a": 2}]""", 1, "not valid JSON")]
    [InlineData("""[{}, {"a": 1}]""", 1, "names no columns")]
    public void Bad_json_rows_are_refused_naming_the_row(string json, int row, string problem)
    {
        var error = Assert.Throws<DatasetFormatException>(() => ProfileJson(json));

        Assert.Equal(row, error.Row);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_streamed_across_reads_of_any_size()
    {
        var json = new StringBuilder("[");
        const int rows = 20_000;
        for (var i = 1; i <= rows; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $$"""{"id": {{i}}, "name": "row \"{{i}}\" of many", "score": {{i / 4.0}}}""").Append(i < rows ? "," : "]");
        }

        var profile = DatasetProfiler.Profile(new JsonRowReader(new TrickleStream(Encoding.UTF8.GetBytes(json.ToString()), chunk: 7)));

        Assert.Equal(rows, profile.Rows);
        var score = profile.Columns.Single(c => c.Name == "score");
        Assert.Equal((ColumnType.Number, (rows + 1) / 8.0), (score.Type, score.Mean!.Value));
        Assert.Equal((ColumnType.Text, (long)rows), (profile.Columns.Single(c => c.Name == "name").Type, profile.Columns.Single(c => c.Name == "name").Distinct));
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
