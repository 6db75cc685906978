using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TrustVault.Tests.Analytics;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Api;

/// <summary>POST /gw/ai-analytics/v1/narrative: the template narrator by default, Azure OpenAI when configured.</summary>
[Collection(AppCollection.Name)]
public sealed class NarrativeApiTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    private const string Url = "/gw/ai-analytics/v1/narrative";

    private static readonly object MrrFacts = new
    {
        kind = "facts",
        subject = "Revenue for March",
        facts = new object[]
        {
            new { name = "MRR", value = 12500, unit = "money", currency = "USD", previous = 10000 },
            new { name = "Customers", value = 1234, unit = "count", previous = 1200 },
            new { name = "Logo churn", value = 0.025, unit = "percent" },
        },
    };

    public Task InitializeAsync() => DemoCustomer.UseRoomiestPlanAsync(factory, "ai-analytics");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Facts_are_told_by_the_template_with_their_formatted_numbers()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, MrrFacts);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("template", body.GetProperty("source").GetString());
        var text = body.GetProperty("text").GetString()!;
        Assert.StartsWith("Revenue for March.", text, StringComparison.Ordinal);
        Assert.Contains("MRR $12,500.00 (up 25.0% from $10,000.00)", text, StringComparison.Ordinal);
        Assert.Contains("Customers 1,234 (up 2.8% from 1,200)", text, StringComparison.Ordinal);
        Assert.Contains("Logo churn 2.5%", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anomaly_check_is_told_with_the_flagged_point()
    {
        var series = AnomaliesApiTests.SeriesWithSpike();

        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { kind = "anomalies", subject = "Daily orders", series, period = 12 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.StartsWith("Daily orders.", text, StringComparison.Ordinal);
        Assert.Contains("Points checked 60; Anomalies found 1; Value at index 40 ", text, StringComparison.Ordinal);
        Assert.Contains("seasonal-hybrid ESD, with a season of 12 points", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spectral_residual_check_tells_of_a_spike_on_the_newest_point()
    {
        double[] series = [10, 11, 10, 12, 11, 10, 11, 10, 10, 12, 11, 10, 11, 12, 10, 11, 10, 11, 10, 12, 11, 10, 11, 10, 10, 12, 11, 10, 11, 12, 10, 48];

        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { kind = "anomalies", series, method = "spectralResidual" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.Contains("Points checked 32; Anomalies found 1; Value at index 31 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forecast_is_told_with_its_horizon_value()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new
        {
            kind = "forecast",
            series = new[] { 112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140 },
            horizon = 6,
            seasonLength = 12,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.StartsWith("Forecast.", text, StringComparison.Ordinal);
        Assert.Contains("Last observed value 140", text, StringComparison.Ordinal);
        Assert.Contains("Forecast 6 steps ahead", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_profile_is_told_with_its_size()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { kind = "profile", csv = "a,b\n1,2\n2,4\n3,\n" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.Contains("Rows 3; Columns 2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"subject\":\"x\",\"facts\":[]}", "'kind' must be facts, forecast, anomalies or profile")]
    [InlineData("{\"kind\":\"facts\",\"facts\":[]}", "'subject' is required")]
    [InlineData("{\"kind\":\"facts\",\"subject\":\"x\"}", "'facts' is required")]
    [InlineData("{\"kind\":\"facts\",\"subject\":\"x\",\"facts\":[{\"name\":\"a\",\"value\":1},{\"name\":\"b\"}]}", "'facts[1].value' is required")]
    [InlineData("{\"kind\":\"facts\",\"subject\":\"x\",\"facts\":[{\"value\":1}]}", "'facts[0].name' is required")]
    [InlineData("{\"kind\":\"facts\",\"subject\":\"x\",\"facts\":[{\"name\":\"a\",\"value\":\"lots\"}]}", "'facts[0].value' could not be read")]
    [InlineData("{\"kind\":\"facts\",\"subject\":\"x\",\"facts\":[{\"name\":\"a\",\"value\":1,\"unit\":\"furlongs\"}]}", "'facts[0].unit' could not be read")]
    [InlineData("{\"kind\":\"forecast\",\"series\":[1,2,3],\"seasonLength\":12}", "'series' needs at least two seasons")]
    [InlineData("{\"kind\":\"forecast\",\"series\":[3,5,4,6,5,7,6,8,7,9]}", "'seasonLength' must be between 1 and 366")]
    [InlineData("{\"kind\":\"facts\",\"subject\":\"x\",\"facts\":[{\"name\":\"a\",\"value\":1}],\"horizon\":3}", "'horizon' is not a field of kind 'facts'")]
    [InlineData("{\"kind\":\"profile\",\"csv\":\"a\\n1\\n\",\"series\":[1,2]}", "'series' is not a field of kind 'profile'")]
    [InlineData("{\"kind\":\"anomalies\",\"series\":[1,2,3,4,5,6,7,8],\"seasonLength\":2}", "'seasonLength' is not a field of kind 'anomalies'")]
    [InlineData("{\"kind\":\"anomalies\",\"series\":[1,2,3]}", "'series': Give at least 8 values")]
    [InlineData("{\"kind\":\"anomalies\",\"series\":[1,2,3,4,5,6,7,8,9,10],\"method\":\"magic\"}", "'method' must be")]
    [InlineData("{\"kind\":\"profile\"}", "'csv' is required")]
    [InlineData("{\"kind\":\"profile\",\"csv\":\"a,b\\n1,2\\n3\\n\"}", "'csv': Row 3")]
    public async Task Bad_narrative_requests_get_400_naming_the_field(string body, string expected)
    {
        var response = await DemoCustomer.Client(factory).PostAsync(Url, DemoCustomer.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forecast_whose_figures_overflow_is_a_422_naming_the_series_as_forecast_answers()
    {
        var series = new[] { 1e308, -1e308, 1e308, -1e308, 1e308, -1e308, 1e308, -1e308 };

        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { kind = "forecast", series, seasonLength = 1, horizon = 2 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.StartsWith("'series': the result is not a finite number", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_series_longer_than_the_narrators_limit_gets_400()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync(Url, new { kind = "anomalies", series = new double[1001] });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'series' has more than 1,000 points", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Azure_OpenAI_configured_the_model_writes_the_text()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync(_ => Task.FromResult(FakeAzureOpenAIServer.Completion("MRR reached $12,500.00, up 25.0%.")));
        await using var app = factory.WithWebHostBuilder(builder => builder
            .UseSetting("AzureOpenAI:Endpoint", server.BaseAddress.ToString())
            .UseSetting("AzureOpenAI:ApiKey", "test-key")
            .UseSetting("AzureOpenAI:Deployment", "narrator"));
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TrustVault.Core.Data.Seeding.DemoSeedOptions.CustomerApiKey);

        var response = await client.PostAsJsonAsync(Url, MrrFacts);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("MRR reached $12,500.00, up 25.0%.", "azure-openai"), (body.GetProperty("text").GetString(), body.GetProperty("source").GetString()));
        Assert.Equal("narrator", Assert.Single(server.Calls).Deployment);
    }
}
