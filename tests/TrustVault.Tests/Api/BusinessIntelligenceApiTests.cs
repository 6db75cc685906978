using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Api;

/// <summary>The Business Intelligence API through the gateway, the demo customer subscribed in the arrange.</summary>
[Collection(AppCollection.Name)]
public sealed class BusinessIntelligenceApiTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    /// <summary>
    /// Acme pays 100 from January and upgrades to 150 in February; Beta pays 50 from January and leaves in mid-March;
    /// Trial Co's trial never counts; a 30 set-up fee in February is non-recurring.
    /// </summary>
    private static readonly object Revenue = new
    {
        streams = new object[]
        {
            new { customerId = "acme", subscriptionId = "a1", productId = "pro", start = "2026-01-05", end = "2026-02-10", monthlyAmount = 100, currency = "USD" },
            new { customerId = "acme", subscriptionId = "a2", productId = "pro", start = "2026-02-10", monthlyAmount = 150, currency = "USD" },
            new { customerId = "beta", productId = "basic", start = "2026-01-20T09:30:00Z", end = "2026-03-15", monthlyAmount = 50, currency = "usd" },
            new { customerId = "trial-co", start = "2026-01-02", monthlyAmount = 80, currency = "USD", isTrial = true },
        },
        oneOffCharges = new[] { new { customerId = "beta", at = "2026-02-03", amount = 30, currency = "USD" } },
        from = "2026-01",
        to = "2026-03",
    };

    public Task InitializeAsync() => DemoCustomer.UseRoomiestPlanAsync(factory, "business-intelligence");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Mrr_reports_each_month_with_its_movements()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync("/gw/business-intelligence/v1/mrr", Revenue);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("USD", body.GetProperty("currency").GetString());
        var months = body.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-01", "2026-02", "2026-03"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal([150m, 200m, 150m], months.Select(m => m.GetProperty("mrr").GetDecimal()));
        Assert.Equal(1800m, months[2].GetProperty("arr").GetDecimal());
        Assert.Equal([2, 2, 1], months.Select(m => m.GetProperty("customers").GetInt32()));

        Assert.Equal(150m, Movement(months[0], "new"));
        Assert.Equal(2, months[0].GetProperty("movementCounts").GetProperty("new").GetInt32());
        Assert.Equal(50m, Movement(months[1], "expansion"));
        Assert.Equal(50m, Movement(months[1], "netNew"));
        Assert.Equal(50m, Movement(months[2], "churned"));
        Assert.Equal(-50m, Movement(months[2], "netNew"));
        Assert.Equal(0m, Movement(months[2], "contraction"));

        Assert.Equal(200m / 150m, months[1].GetProperty("netRevenueRetention").GetDecimal());
        Assert.Equal(0.75m, months[2].GetProperty("netRevenueRetention").GetDecimal());
        Assert.Equal(0.5m, months[2].GetProperty("logoChurnRate").GetDecimal());
        Assert.Equal(0.25m, months[2].GetProperty("grossMrrChurnRate").GetDecimal());
        Assert.Equal(150m, months[2].GetProperty("arpu").GetDecimal());
        Assert.Equal(100m, months[1].GetProperty("arpu").GetDecimal());
        Assert.Equal(30m, months[1].GetProperty("nonRecurringRevenue").GetDecimal());
        Assert.Equal("pro", body.GetProperty("topProducts")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Retention_follows_the_january_cohort()
    {
        var response = await DemoCustomer.Client(factory).PostAsJsonAsync("/gw/business-intelligence/v1/retention", Revenue);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var cohort = Assert.Single(body.GetProperty("cohorts").EnumerateArray());
        Assert.Equal("2026-01", cohort.GetProperty("month").GetString());
        Assert.Equal(2, cohort.GetProperty("customers").GetInt32());
        var cells = cohort.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal([2, 2, 1], cells.Select(c => c.GetProperty("customers").GetInt32()));
        Assert.Equal([1m, 1m, 0.5m], cells.Select(c => c.GetProperty("customerRetention").GetDecimal()));
        Assert.Equal(1m, cells[2].GetProperty("revenueRetention").GetDecimal());
        var march = body.GetProperty("months")[2];
        Assert.Equal(0.75m, march.GetProperty("netRevenueRetention").GetDecimal());
        Assert.Equal(0.75m, march.GetProperty("grossRevenueRetention").GetDecimal());
        Assert.Equal(1m, body.GetProperty("months")[1].GetProperty("grossRevenueRetention").GetDecimal());
    }

    [Fact]
    public async Task A_funnel_of_three_visitors_converts_three_two_one()
    {
        var request = new
        {
            steps = new[] { "visit", "signup", "pay" },
            windowHours = 24,
            events = new[]
            {
                new { subjectId = "u1", step = "visit", at = "2026-01-01T10:00:00Z" },
                new { subjectId = "u1", step = "signup", at = "2026-01-01T10:05:00Z" },
                new { subjectId = "u1", step = "pay", at = "2026-01-01T11:00:00Z" },
                new { subjectId = "u2", step = "visit", at = "2026-01-01T12:00:00Z" },
                new { subjectId = "u2", step = "signup", at = "2026-01-01T12:30:00Z" },
                new { subjectId = "u2", step = "pay", at = "2026-01-03T12:30:00Z" },
                new { subjectId = "u3", step = "visit", at = "2026-01-02T08:00:00Z" },
                new { subjectId = "u4", step = "signup", at = "2026-01-02T08:00:00Z" },
            },
        };

        var response = await DemoCustomer.Client(factory).PostAsJsonAsync("/gw/business-intelligence/v1/funnel", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["visit", "signup", "pay"], steps.Select(s => s.GetProperty("step").GetString()));
        Assert.Equal([3, 2, 1], steps.Select(s => s.GetProperty("subjects").GetInt32()));
        Assert.Equal(0.5m, steps[2].GetProperty("stepConversion").GetDecimal());
        Assert.Equal(1m / 3m, body.GetProperty("overallConversion").GetDecimal());
        Assert.Equal(24, body.GetProperty("windowHours").GetDouble());
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("null", "Send a JSON body")]
    [InlineData("", "Send a JSON body")]
    [InlineData("{\"streams\":[],\"from\":\"2026-01\",\"From\":\"2026-02\",\"to\":\"2026-03\"}", "'From' is sent twice")]
    [InlineData("{\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams' is required")]
    [InlineData("{\"streams\":[],\"from\":\"2026-1\",\"to\":\"2026-03\"}", "'from' must be a month written yyyy-MM")]
    [InlineData("{\"streams\":[],\"from\":\"2026-01\",\"to\":\"March\"}", "'to' must be a month")]
    [InlineData("{\"streams\":[],\"from\":\"2026-04\",\"to\":\"2026-03\"}", "'to' must not be before 'from'")]
    [InlineData("{\"streams\":[],\"from\":\"2000-01\",\"to\":\"2026-03\"}", "more than 120 months")]
    [InlineData("{\"streams\":[],\"from\":\"9999-12\",\"to\":\"9999-12\"}", "'from' and 'to' must be months from 1900-01 to 9998-12")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"2026-01-01\",\"monthlyAmount\":true,\"currency\":\"USD\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[0].monthlyAmount' could not be read")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"2026-01-01\",\"monthlyAmount\":1,\"currency\":\"USD\"},{\"customerId\":\"b\",\"start\":\"2026-01-01\",\"monthlyAmount\":-5,\"currency\":\"USD\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[1].monthlyAmount' must be 0 or more")]
    [InlineData("{\"streams\":[{\"start\":\"2026-01-01\",\"monthlyAmount\":1,\"currency\":\"USD\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[0].customerId' is required")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"last week\",\"monthlyAmount\":1,\"currency\":\"USD\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[0].start' must be a date")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"2026-02-01\",\"end\":\"2026-01-01\",\"monthlyAmount\":1,\"currency\":\"USD\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[0].end' must be after its start")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"2026-01-01\",\"monthlyAmount\":1,\"currency\":\"USD\"},{\"customerId\":\"b\",\"start\":\"2026-01-01\",\"monthlyAmount\":1,\"currency\":\"EUR\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[1].currency' is EUR but earlier records are in USD")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"2026-01-01\",\"monthlyAmount\":1,\"currency\":\"dollars\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[0].currency' must be a three-letter currency code")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"2026-01-01\",\"monthlyAmount\":1,\"currency\":\"XYZ\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams[0].currency' is XYZ, which is no ISO 4217 currency code")]
    [InlineData("{\"streams\":[{\"customerId\":\"a\",\"start\":\"1900-01-01\",\"monthlyAmount\":1,\"currency\":\"USD\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'streams': The streams start")]
    [InlineData("{\"streams\":[],\"oneOffCharges\":[{\"customerId\":\"a\",\"at\":\"2026-01-01\",\"currency\":\"USD\"}],\"from\":\"2026-01\",\"to\":\"2026-03\"}", "'oneOffCharges[0].amount' is required")]
    public async Task Bad_revenue_requests_get_400_naming_the_field(string body, string expected)
    {
        foreach (var path in new[] { "mrr", "retention" })
        {
            var response = await DemoCustomer.Client(factory).PostAsync($"/gw/business-intelligence/v1/{path}", DemoCustomer.Json(body));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"steps\":[\"a\",\"b\"],\"windowHours\":24}", "'events' is required")]
    [InlineData("{\"events\":[],\"windowHours\":24}", "'steps' is required")]
    [InlineData("{\"events\":[],\"steps\":[\"a\"],\"windowHours\":24}", "'steps' must name 2 to 20 steps")]
    [InlineData("{\"events\":[],\"steps\":[\"a\",\"a\"],\"windowHours\":24}", "'steps': Funnel steps must be named and distinct")]
    [InlineData("{\"events\":[],\"steps\":[\"a\",\"b\"],\"windowHours\":0}", "'windowHours' must be above 0")]
    [InlineData("{\"events\":[],\"steps\":[\"a\",\"b\"],\"windowHours\":\"a day\"}", "'windowHours' could not be read")]
    [InlineData("{\"events\":[{\"subjectId\":\"u\",\"step\":\"a\",\"at\":\"2026-01-01T00:00:00Z\"},{\"subjectId\":\"u\",\"step\":\"b\",\"at\":\"yesterday\"}],\"steps\":[\"a\",\"b\"],\"windowHours\":1}", "'events[1].at' must be an ISO 8601 time")]
    [InlineData("{\"events\":[{\"step\":\"a\",\"at\":\"2026-01-01T00:00:00Z\"}],\"steps\":[\"a\",\"b\"],\"windowHours\":1}", "'events[0].subjectId' is required")]
    [InlineData("{\"events\":[{\"subjectId\":7,\"step\":\"a\",\"at\":\"2026-01-01T00:00:00Z\"}],\"steps\":[\"a\",\"b\"],\"windowHours\":1}", "'events[0].subjectId' could not be read")]
    public async Task Bad_funnel_requests_get_400_naming_the_field(string body, string expected)
    {
        var response = await DemoCustomer.Client(factory).PostAsync("/gw/business-intelligence/v1/funnel", DemoCustomer.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_100000_streams_get_400()
    {
        var body = "{\"streams\":[" + string.Join(',', Enumerable.Repeat("null", 100_001)) + "],\"from\":\"2026-01\",\"to\":\"2026-03\"}";

        var response = await DemoCustomer.Client(factory).PostAsync("/gw/business-intelligence/v1/mrr", DemoCustomer.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'streams' has more than 100,000 records", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static decimal Movement(JsonElement month, string kind) => month.GetProperty("movements").GetProperty(kind).GetDecimal();
}
