using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Api;

namespace TrustVault.Tests.Api;

/// <summary>POST /gw/ai-analytics/v1/anomalies with the demo customer's key.</summary>
[Collection(AppCollection.Name)]
public sealed class AnomaliesApiTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    private const string Url = "/gw/ai-analytics/v1/anomalies";

    /// <summary>Five years of a monthly cycle with a little deterministic noise and one spike at index 40.</summary>
    internal static double[] SeriesWithSpike()
    {
        var random = new Random(7);
        var series = Enumerable.Range(0, 60).Select(i => 100 + (10 * Math.Sin(2 * Math.PI * i / 12)) + random.NextDouble()).ToArray();
        series[40] += 40;
        return series;
    }

    public Task InitializeAsync() => DemoCustomer.UseRoomiestPlanAsync(factory, "ai-analytics");

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null)]
    [InlineData("seasonalHybridEsd")]
    [InlineData("robustZScore")]
    public async Task An_injected_spike_is_found_at_its_index(string? method)
    {
        var series = SeriesWithSpike();

        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { series, method, period = 12 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(method ?? "seasonalHybridEsd", body.GetProperty("method").GetString());
        Assert.Equal(12, body.GetProperty("period").GetInt32());
        var anomaly = Assert.Single(body.GetProperty("anomalies").EnumerateArray());
        Assert.Equal(40, anomaly.GetProperty("index").GetInt32());
        Assert.Equal(series[40], anomaly.GetProperty("value").GetDouble());
        Assert.InRange(anomaly.GetProperty("expected").GetDouble(), series[40] - 45, series[40] - 35);
        Assert.True(anomaly.GetProperty("upper").GetDouble() < series[40]);
        Assert.True(anomaly.GetProperty("lower").GetDouble() < anomaly.GetProperty("expected").GetDouble());
    }

    [Fact]
    public async Task Streaming_answers_every_points_score_and_a_prefix_scores_the_same()
    {
        var random = new Random(5);
        var series = Enumerable.Range(0, 1_000).Select(t => 100 + (20 * Math.Sin(2 * Math.PI * t / 24)) + random.NextDouble()).ToArray();
        series[800] += 30;

        var whole = await DetectAsync(new { series, method = "streaming" });
        var prefix = await DetectAsync(new { series = series[..850], method = "streaming" });

        Assert.Equal(("streaming", 24, 1.4), (whole.GetProperty("method").GetString(), whole.GetProperty("period").GetInt32(), whole.GetProperty("threshold").GetDouble()));
        var scores = whole.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToArray();
        Assert.Equal(1_000, scores.Length);
        Assert.Contains(whole.GetProperty("anomalies").EnumerateArray(), a => a.GetProperty("index").GetInt32() == 800);
        Assert.True(scores[800] >= 1.4 && scores[800] == scores.Max(), $"score at 800: {scores[800]}, highest {scores.Max()}");
        Assert.Equal(scores[..850], prefix.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()));
    }

    [Fact]
    public async Task The_documents_streaming_example_flags_its_spike()
    {
        var document = JsonNode.Parse((await FirstPartyDocuments.GenerateAsync(factory.Services, CancellationToken.None))["ai-analytics"])!;
        var examples = document["paths"]!["/v1/anomalies"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        var streaming = examples.Select(e => e.Value!["value"]!).Single(e => e["method"]!.GetValue<string>() == "streaming");

        var body = await DetectAsync(streaming);

        Assert.Equal(2, examples.Count);
        Assert.Equal(200, Assert.Single(body.GetProperty("anomalies").EnumerateArray()).GetProperty("index").GetInt32());
    }

    private async Task<JsonElement> DetectAsync<T>(T request)
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_readme_example_flags_the_spike_in_its_second_year()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "README.md"));
        var body = Regex.Match(readme, @"-d '(\{[^']*robustZScore[^']*\})'").Groups[1].Value;

        var response = await DemoCustomer.Client(factory).PostAsync(Url, DemoCustomer.Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var anomaly = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("anomalies").EnumerateArray());
        Assert.Equal((18, 270.0), (anomaly.GetProperty("index").GetInt32(), anomaly.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task The_season_is_detected_when_no_period_is_given()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { series = SeriesWithSpike() });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, body.GetProperty("period").GetInt32());
        Assert.Equal(40, Assert.Single(body.GetProperty("anomalies").EnumerateArray()).GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task A_flat_series_with_a_spike_scores_it_by_the_mean_deviation_where_the_mad_is_zero()
    {
        var series = Enumerable.Repeat(5.0, 20).ToArray();
        series[7] = 50;

        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { series, method = "robustZScore", period = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var anomaly = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("anomalies").EnumerateArray());
        Assert.Equal(7, anomaly.GetProperty("index").GetInt32());
        // 45 / (1.2533 × 45/20): the spike is 20/√(π/2) mean deviations out.
        Assert.Equal(20 / Math.Sqrt(Math.PI / 2), anomaly.GetProperty("score").GetDouble(), 1e-6);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"method\":\"robustZScore\"}", "'series' is required")]
    [InlineData("{\"series\":\"1,2,3\"}", "'series' could not be read")]
    [InlineData("{\"series\":[1,2,3]}", "'series': Give at least 8 values")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"magic\"}", "'method' must be")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"robustZScore, spectralResidual\"}", "'method' must be")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\" robustZScore\"}", "'method' must be")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"1\"}", "'method' must be")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"robustZScore\",\"method\":\"streaming\"}", "'method'")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"Series\":[1,2,3,4,5,6,7,8,9,10]}", "'Series'")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"period\":9}", "'period': Period must be")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"alpha\":1.5}", "'alpha': Alpha must be")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"maxAnomalies\":0.9}", "'maxAnomalies'")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"robustZScore\",\"threshold\":-1}", "'threshold'")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"threshold\":3}", "'threshold' applies to robustZScore, spectralResidual and streaming")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"streaming\",\"maxAnomalies\":0.05}", "'maxAnomalies' applies to the batch methods")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"streaming\",\"threshold\":0}", "'threshold'")]
    [InlineData("{\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"spectralResidual\",\"alpha\":0.01}", "'alpha' applies to seasonalHybridEsd only")]
    public async Task Bad_anomaly_requests_get_400_naming_the_field(string body, string expected)
    {
        var response = await DemoCustomer.Client(factory).PostAsync(Url, DemoCustomer.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_series_of_more_than_100000_points_gets_400()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { series = new double[100_001] });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'series' has more than 100,000 points", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_10_mb_gets_413()
    {
        var response = await DemoCustomer.Client(factory).PostAsync(Url, DemoCustomer.Json("{\"series\":[" + string.Join(',', Enumerable.Repeat("1.000000", 1_300_000)) + "]}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
