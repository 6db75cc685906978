using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Api;

/// <summary>The AI Analytics API through the gateway, with the demo customer's key on a roomy plan.</summary>
[Collection(AppCollection.Name)]
public sealed class AnalyticsApiTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    private static readonly double[] Passengers = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "air_passengers.csv"))
        .Skip(1).Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    public Task InitializeAsync() => DemoCustomer.UseRoomiestPlanAsync(factory, "ai-analytics");

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Client() => DemoCustomer.Client(factory);

    [Fact]
    public async Task A_forecast_returns_points_with_intervals()
    {
        var response = await Client().PostAsJsonAsync("/gw/ai-analytics/v1/forecast", new { series = Passengers[..^12], horizon = 12, seasonLength = 12 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var model = body.GetProperty("model");
        Assert.Contains(model.GetProperty("method").GetString(), new[] { "ets", "arima", "theta", "combination" });
        Assert.Equal("multiplicative", model.GetProperty("ets").GetProperty("seasonality").GetString());
        Assert.StartsWith("ETS(M,", model.GetProperty("ets").GetProperty("name").GetString(), StringComparison.Ordinal);
        var forms = model.GetProperty("ets").GetProperty("forms").EnumerateArray().ToList();
        Assert.Equal(15, forms.Count);
        Assert.Equal(1, forms.Sum(f => f.GetProperty("weight").GetDouble()), 9);
        Assert.Equal(model.GetProperty("ets").GetProperty("name").GetString(), forms.MaxBy(f => f.GetProperty("weight").GetDouble()).GetProperty("name").GetString());
        Assert.Equal((1, 12), (model.GetProperty("arima").GetProperty("seasonalD").GetInt32(), model.GetProperty("arima").GetProperty("seasonLength").GetInt32()));
        Assert.StartsWith("ARIMA(", model.GetProperty("arima").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(12, model.GetProperty("theta").GetProperty("seasonLength").GetInt32());
        var scores = model.GetProperty("backtest").GetProperty("scores").EnumerateArray().ToList();
        Assert.Equal(model.GetProperty("method").GetString(), scores.MinBy(s => s.GetProperty("meanAbsoluteError").GetDouble()).GetProperty("method").GetString());
        Assert.All(scores, s => Assert.True(s.GetProperty("widening95").GetDouble() > 0));
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(12, points.Count);
        Assert.All(points, p => Assert.True(p.GetProperty("lower95").GetDouble() < p.GetProperty("value").GetDouble()));
        var forecast = points.Select(p => p.GetProperty("value").GetDouble()).ToArray();
        Assert.True(TrustVault.Core.Analytics.Forecasting.ForecastAccuracy.SymmetricMape(Passengers[^12..], forecast) < 4.69, "R's ets scores sMAPE 4.69 on this year");
    }

    [Fact]
    public async Task A_series_without_a_season_gets_a_non_seasonal_model()
    {
        double[] yearly = [.. Enumerable.Range(0, 30).Select(t => 100 + (2.5 * t) + (t % 3))];

        var response = await Client().PostAsJsonAsync("/gw/ai-analytics/v1/forecast", new { series = yearly, horizon = 5, seasonLength = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var model = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model");
        var ets = model.GetProperty("ets");
        Assert.Equal(("none", 0.0), (ets.GetProperty("seasonality").GetString(), ets.GetProperty("gamma").GetDouble()));
        Assert.EndsWith(",N)", ets.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 1), (model.GetProperty("arima").GetProperty("seasonalD").GetInt32(), model.GetProperty("theta").GetProperty("seasonLength").GetInt32()));
    }

    [Fact]
    public async Task The_shortest_series_accepted_is_answered_with_its_undefined_aicc_left_out()
    {
        // Four points and three ETS parameters leave AICc without a value (it divides by n − k − 1 = 0): once a 422.
        var response = await Client().PostAsJsonAsync("/gw/ai-analytics/v1/forecast", new { series = new[] { 3.0, 5, 4, 6 }, horizon = 2, seasonLength = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("model").GetProperty("ets").GetProperty("aicc").ValueKind);
        var forms = body.GetProperty("model").GetProperty("ets").GetProperty("forms").EnumerateArray().ToList();
        Assert.All(forms, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("aicc").ValueKind));
        Assert.Equal(1, forms.Single(f => f.GetProperty("name").GetString() == body.GetProperty("model").GetProperty("ets").GetProperty("name").GetString()).GetProperty("weight").GetDouble());
        Assert.Equal(2, body.GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"horizon\":3,\"seasonLength\":12}", "'series' is required")]
    [InlineData("{\"series\":[1,2,3],\"horizon\":3,\"seasonLength\":12}", "at least two seasons")]
    [InlineData("{\"series\":[1,2,3,4],\"horizon\":0,\"seasonLength\":2}", "'horizon'")]
    [InlineData("{\"series\":[1,2,3,4],\"horizon\":1,\"seasonLength\":0}", "'seasonLength'")]
    [InlineData("{\"series\":[1,2,3],\"horizon\":1,\"seasonLength\":1}", "at least 4 points")]
    [InlineData("{\"series\":[1,0,3,4],\"horizon\":1,\"seasonLength\":2,\"seasonality\":\"Multiplicative\"}", "above 0")]
    [InlineData("{\"series\":[1,2,3,4],\"horizon\":1,\"seasonLength\":1,\"seasonality\":\"multiplicative\"}", "'seasonality' needs a 'seasonLength' above 1")]
    public async Task Bad_forecast_requests_get_400_naming_the_field(string body, string expected)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/forecast", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"series\":[1,2,NaN,4],\"horizon\":1,\"seasonLength\":1}", "series[2]")]
    [InlineData("{\"series\":[1,2,3,4],\"horizon\":0,\"seasonLength\":1}", "horizon")]
    [InlineData("{\"series\":[1,0,3,4],\"horizon\":1,\"seasonLength\":2,\"seasonality\":\"multiplicative\"}", "seasonality")]
    public async Task A_bad_field_is_named_in_errors_without_the_readers_position(string body, string field)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/forecast", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("LineNumber", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_body_gets_415()
    {
        var content = new StringContent("{\"series\":[1,2,3,4],\"horizon\":1,\"seasonLength\":1}", Encoding.UTF8, "application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await Client().PostAsync("/gw/ai-analytics/v1/forecast", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_csv_profile_describes_each_column()
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile",
            new StringContent("month,passengers\n1949-01-01,112\n1949-02-01,118\n1949-03-01,NA\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var columns = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal("date", columns[0].GetProperty("type").GetString());
        Assert.Equal(1, columns[1].GetProperty("missing").GetInt32());
        Assert.Equal(115, columns[1].GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task Json_rows_are_profiled_like_csv_and_a_bad_row_gets_400_naming_it()
    {
        const string rows = """[{"month": "1949-01-01", "passengers": 112}, {"month": "1949-02-01", "passengers": 118}, {"month": "1949-03-01", "passengers": null}]""";
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent(rows, Encoding.UTF8, "application/json"));
        var bad = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent("""[{"a": 1}, {"a": 2, "b": 3}]""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var columns = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(("date", 1, 115.0), (columns[0].GetProperty("type").GetString(), columns[1].GetProperty("missing").GetInt32(), columns[1].GetProperty("mean").GetDouble()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Row 2: 'b' is not a field of the first row", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_csv_gets_400_naming_the_row()
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent("a,b\n1,2\n3\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Row 3", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/csv", "x,z\n1.7e308,1.7e308\n-1.7e308,-1.7e308\n1.7e308,1.7e308\n1e308,-1.7e308\n")]
    [InlineData("application/json", """[{"x": 1.7e308, "z": 1.7e308}, {"x": -1.7e308, "z": -1.7e308}, {"x": 1.7e308, "z": 1.7e308}, {"x": 1e308, "z": -1.7e308}]""")]
    public async Task A_column_near_a_doubles_limit_gets_every_statistic_a_double_can_hold(string mediaType, string body)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent(body, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var columns = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("columns").EnumerateArray().ToList();
        // x's sum, differences and squares overflow, but its mean, deviation and quantiles do not.
        var (x, z) = (columns[0], columns[1]);
        Assert.Equal(6.75e307, x.GetProperty("mean").GetDouble(), 6.75e307 * 1e-12);
        Assert.Equal(1.6174e308, x.GetProperty("standardDeviation").GetDouble(), 1e304);
        Assert.Equal(3.25e307, x.GetProperty("quantiles").GetProperty("p25").GetDouble(), 3.25e307 * 1e-12);
        // z's deviation (1.96e308) is beyond a double: only it is left out.
        Assert.Equal(JsonValueKind.Null, z.GetProperty("standardDeviation").ValueKind);
        Assert.Equal((0, 0), (z.GetProperty("mean").GetDouble(), z.GetProperty("quantiles").GetProperty("p50").GetDouble()));
    }

    [Fact]
    public async Task A_json_number_beyond_a_double_gets_400_naming_its_row_and_field()
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent("""[{"x": 1, "y": 2}, {"x": 1e400, "y": 3}]""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Row 2: 'x' is a number out of range", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"x": 1}, {"x": 2""")]
    [InlineData("""[{"x": 1}, {"x": "ab""")]
    [InlineData("""[{"x": 1}, {"x":""")]
    [InlineData("""[{"x": 1},""")]
    public async Task Json_rows_cut_short_get_400_saying_so_without_the_readers_position(string body)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.EndsWith("not valid JSON: it ends before its last object or array is closed.", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e12")]
    [InlineData("99999999999")]
    public async Task A_horizon_past_an_integer_gets_400_stating_its_range(string horizon)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/forecast",
            new StringContent($$"""{"series":[1,2,3,4],"horizon":{{horizon}},"seasonLength":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("'horizon' could not be read: it must be a whole number between 1 and 1,000.", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("horizon", out _), problem.ToString());
    }

    [Theory]
    [InlineData("application/json", "[{}, {\"a\": 1}]")]
    [InlineData("text/csv", "\n\n\n")]
    public async Task Data_whose_first_row_names_no_columns_gets_400(string mediaType, string body)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent(body, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("names no columns", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,a,\n1,2,3\n4,5,6\n", "Row 1: column 2 is named 'a', as column 1 is")]
    [InlineData("a,a,b\n1,2,3\n", "Row 1: column 2 is named 'a', as column 1 is")]
    [InlineData("a,b,\n1,2,3\n", "Row 1: column 3 has no name")]
    [InlineData("month;visits;revenue\n2025-01;1200;4310,5\n", "Row 1: the header is one column holding a semicolon or a tab")]
    public async Task A_csv_header_that_does_not_name_each_column_once_gets_400(string csv, string problem)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_rows_after_a_byte_order_mark_are_profiled()
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. "[{\"a\":1},{\"a\":2}]"u8]);
        content.Headers.ContentType = new("application/json");

        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());
    }

    [Theory]
    [InlineData("application/xml", "<rows/>")]
    [InlineData("application/x-www-form-urlencoded", "a=1&b=2")]
    public async Task A_profile_upload_in_another_format_gets_415_naming_the_ones_it_takes(string mediaType, string body)
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/profile?async=true", new StringContent(body, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("text/csv", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("True", HttpStatusCode.Accepted)]
    [InlineData("false", HttpStatusCode.OK)]
    [InlineData("maybe", HttpStatusCode.BadRequest)]
    public async Task The_async_switch_reads_as_a_boolean(string value, HttpStatusCode expected)
    {
        var response = await Client().PostAsync($"/gw/ai-analytics/v1/profile?async={value}", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("async", out _), problem.ToString());
        }
    }

    [Fact]
    public async Task An_endpoint_the_api_does_not_have_is_404()
    {
        var response = await Client().PostAsync("/gw/ai-analytics/v1/nothing", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
