using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrustVault.Core.Analytics.Anomalies;
using TrustVault.Core.Analytics.BusinessIntelligence;
using TrustVault.Core.Analytics.Forecasting;
using TrustVault.Core.Analytics.Insights;
using TrustVault.Core.Analytics.Statistics;

namespace TrustVault.Tests.Analytics;

public sealed class NarratorTests
{
    private static readonly Insight Revenue = new(
        "Revenue for Jun 2026",
        [
            new InsightFact("MRR", 420, FactUnit.Money, 410, "USD"),
            new InsightFact("Customers", 4, FactUnit.Count, 3),
            new InsightFact("Net revenue retention", 330.0 / 410, FactUnit.Percent),
        ],
        new InsightSeries("MRR", [new("Apr 2026", 290), new("May 2026", 410), new("Jun 2026", 420)], FactUnit.Money, "USD"),
        ["The product with the most MRR is geo"]);

    [Theory]
    [InlineData(1234.5, FactUnit.Money, "USD", "$1,234.50")]
    [InlineData(-40, FactUnit.Money, "usd", "-$40.00")]
    [InlineData(2_500_000, FactUnit.Money, "EUR", "€2.5M")]
    [InlineData(12.3, FactUnit.Money, "CHF", "12.30 CHF")]
    [InlineData(0.125, FactUnit.Percent, null, "12.5%")]
    [InlineData(-0.0244, FactUnit.Percent, null, "-2.4%")]
    [InlineData(12345, FactUnit.Count, null, "12,345")]
    [InlineData(0.9979, FactUnit.Number, null, "0.998")]
    [InlineData(1234.567, FactUnit.Number, null, "1,234.57")]
    [InlineData(999_999_999, FactUnit.Count, null, "1B")]
    [InlineData(999_999.7, FactUnit.Count, null, "1M")]
    [InlineData(999_995, FactUnit.Count, null, "999,995")]
    [InlineData(-0.004, FactUnit.Money, "USD", "$0.00")]
    [InlineData(-0.0004, FactUnit.Number, null, "0")]
    [InlineData(1e308, FactUnit.Money, "USD", "$1E+308")]
    [InlineData(-2.5e17, FactUnit.Count, null, "-2.5E+17")]
    [InlineData(999e12, FactUnit.Count, null, "999,000B")]
    [InlineData(1e307, FactUnit.Percent, null, "1E+309%")]
    [InlineData(-2.5e13, FactUnit.Percent, null, "-2.5E+15%")]
    public void Values_read_as_money_percentages_and_counts(double value, FactUnit unit, string? currency, string expected) =>
        Assert.Equal(expected, InsightFormat.Value(value, unit, currency));

    [Theory]
    [InlineData(100, 90, FactUnit.Money, "down 10.0%")]
    [InlineData(0, 5, FactUnit.Count, "up 5")]
    [InlineData(0.05, 0.08, FactUnit.Percent, "up 3 percentage points")]
    [InlineData(0.04, 0.05, FactUnit.Percent, "up 1 percentage point")]
    [InlineData(0.05, 0.053, FactUnit.Percent, "up 0.3 percentage points")]
    [InlineData(0.1, 0.35, FactUnit.Percent, "up 25 percentage points")]
    [InlineData(-1e308, 1e308, FactUnit.Number, "up sharply")]
    [InlineData(1, 1e308, FactUnit.Money, "up sharply")]
    [InlineData(7, 7, FactUnit.Count, "unchanged")]
    [InlineData(0, 1e307, FactUnit.Percent, "up 1E+309 percentage points")]
    [InlineData(-1e308, 1e308, FactUnit.Percent, "up sharply")]
    public void Changes_read_as_relative_moves_or_percentage_points(double from, double to, FactUnit unit, string expected) =>
        Assert.Equal(expected, InsightFormat.Change(from, to, unit));

    [Fact]
    public async Task Template_tells_the_trend_the_largest_move_the_figures_and_the_notes()
    {
        var narrative = await new TemplateNarrator().NarrateAsync(Revenue);

        Assert.Equal(NarrativeSources.Template, narrative.Source);
        Assert.Equal(
            "Revenue for Jun 2026. MRR rose 44.8% from $290.00 in Apr 2026 to $420.00 in Jun 2026. " +
            "The largest single move was a rise of $120.00 from Apr 2026 to May 2026. " +
            "Key figures: MRR $420.00 (up 2.4% from $410.00); Customers 4 (up 33.3% from 3); Net revenue retention 80.5%. " +
            "The largest relative change is in customers (up 33.3%). The product with the most MRR is geo.",
            narrative.Text);
    }

    [Fact]
    public void Template_tells_figures_beyond_a_double_in_words_never_as_infinity()
    {
        var insight = new Insight(
            "Extremes",
            [new InsightFact("Share", 1e307, FactUnit.Percent, 0), new InsightFact("Level", 5, FactUnit.Number, 0)],
            new InsightSeries("Level", [new("Mon", -1e308), new("Tue", 1e308), new("Wed", 1e308)]));

        var text = TemplateNarrator.Narrate(insight);

        Assert.DoesNotContain("∞", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        Assert.Contains("The largest single move was a rise from -1E+308 in Mon to 1E+308 in Tue.", text, StringComparison.Ordinal);
        Assert.Contains("Share 1E+309% (up 1E+309 percentage points from 0.0%)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_says_a_flat_series_held_steady()
    {
        var flat = new Insight("Signups", [], new InsightSeries("Signups", [new("Mon", 100), new("Tue", 100.2), new("Wed", 100)]));

        Assert.Equal(
            "Signups. Signups held steady at about 100 from Mon to Wed. The largest single move was a rise of 0.2 from Mon to Tue.",
            TemplateNarrator.Narrate(flat));
    }

    [Fact]
    public async Task Insights_without_a_subject_or_with_non_finite_facts_are_refused()
    {
        var narrator = new TemplateNarrator();

        await Assert.ThrowsAsync<ArgumentException>(() => narrator.NarrateAsync(Revenue with { Subject = " " }));
        await Assert.ThrowsAsync<ArgumentException>(() => narrator.NarrateAsync(Revenue with { Facts = [new InsightFact("x", double.NaN)] }));
    }

    [Fact]
    public void Forecast_insight_carries_the_last_observation_the_horizon_value_and_the_model()
    {
        var passengers = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "air_passengers.csv"))
            .Skip(1).Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray()[..^12];
        var forecast = Forecaster.Forecast(passengers, 12, 12);

        var insight = forecast.ToInsight("Airline passengers (thousands)", passengers);
        var text = TemplateNarrator.Narrate(insight);

        Assert.Equal(405, insight.Facts[0].Value);
        Assert.Equal((forecast.Points[^1].Value, 405.0), (insight.Facts[1].Value, insight.Facts[1].Previous!.Value));
        Assert.Contains("The observed series rose 261.6% from 112 in period 1 to 405 in period 132.", text, StringComparison.Ordinal);
        Assert.Contains("a season of 12 periods", text, StringComparison.Ordinal);
        Assert.Contains(forecast.Method == ForecastMethod.Combination ? "the mean of" : forecast.Name, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_insight_reports_size_missing_cells_and_the_strongest_correlation()
    {
        var profile = DatasetProfiler.Profile(new StringReader("a,b,c\n1,2,x\n2,4,\n3,6.5,y\n"));

        var insight = profile.ToInsight("Uploaded dataset");

        Assert.Equal(["Rows", "Columns", "Numeric columns", "Missing cells", "Missing in c", "Correlation of a and b"], insight.Facts.Select(f => f.Name));
        Assert.Equal(new[] { 3, 3, 2, 1.0 / 9, 1.0 / 3, 0.998 }, insight.Facts.Select(f => f.Value));
        Assert.Contains("Missing cells 11.1%; Missing in c 33.3%; Correlation of a and b 0.998", TemplateNarrator.Narrate(insight), StringComparison.Ordinal);
    }

    [Fact]
    public void Anomaly_insight_names_the_flagged_points_their_range_and_the_method()
    {
        double[] values = [10, 11, 10, 12, 11, 10, 90, 11, 12, 10, 11, 10];
        var report = new AnomalyReport(AnomalyMethod.RobustZScore, null, [new Anomaly(6, 90, 40, 10.5, 8, 13)], new double[values.Length]);

        var insight = report.ToInsight("Orders per hour", values, FactUnit.Count);
        var text = TemplateNarrator.Narrate(insight);

        Assert.Equal(["Points checked", "Anomalies found", "Value at index 6"], insight.Facts.Select(f => f.Name));
        Assert.Equal("index 6", insight.Series!.Points[6].Label);
        Assert.Contains("Points checked 12; Anomalies found 1; Value at index 6 90.", text, StringComparison.Ordinal);
        Assert.Contains("Anomalies were detected with robust z-scores, without seasonality. At index 6 the expected range was 8 to 13.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Revenue_report_insight_describes_the_last_month_against_the_one_before()
    {
        var streams = new List<RevenueStream>
        {
            new("A", "a", "search", "acme", Day(2026, 1, 10), null, 100, "USD"),
            new("B", "b1", "geo", "acme", Day(2026, 1, 20), Day(2026, 3, 1), 100, "USD"),
            new("B", "b2", "geo", "acme", Day(2026, 3, 1), null, 160, "USD"),
            new("C", "c", "ocr", "lingo", Day(2026, 2, 5), Day(2026, 3, 10), 50, "USD"),
        };
        var report = RevenueAnalyzer.Analyze(streams, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1));

        var insight = report.ToInsight();
        var text = TemplateNarrator.Narrate(insight);

        Assert.Equal("Revenue for Mar 2026", insight.Subject);
        Assert.StartsWith(
            "Revenue for Mar 2026. MRR rose 30.0% from $200.00 in Jan 2026 to $260.00 in Mar 2026. " +
            "The largest single move was a rise of $50.00 from Jan 2026 to Feb 2026. " +
            "Key figures: MRR $260.00 (up 4.0% from $250.00); ARR $3,120.00; Customers 2 (down 33.3% from 3); ",
            text,
            StringComparison.Ordinal);
        Assert.Contains("Expansion MRR $60.00; Reactivation MRR $0.00; Contraction MRR $0.00; Churned MRR $50.00; Net new MRR $10.00; Logo churn 33.3%;", text, StringComparison.Ordinal);
        Assert.EndsWith("The product with the most MRR is geo. The provider with the most MRR is acme.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_OpenAI_narrator_sends_the_key_the_deployment_and_the_facts_and_returns_the_model_text()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync(_ => Task.FromResult(FakeAzureOpenAIServer.Completion("MRR rose to $420.00, up 2.4% from $410.00.")));
        var logger = new CapturingLogger<AzureOpenAINarrator>();

        var narrative = await Narrator(server, logger).NarrateAsync(Revenue);

        Assert.Equal(new Narrative("MRR rose to $420.00, up 2.4% from $410.00.", NarrativeSources.AzureOpenAI), narrative);
        var call = Assert.Single(server.Calls);
        Assert.Equal(("narrator", "2024-10-21", "test-key"), (call.Deployment, call.ApiVersion, call.ApiKey));
        var messages = call.Body.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(new[] { "system", "user" }, messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("Never invent", messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        using var facts = JsonDocument.Parse(messages[1].GetProperty("content").GetString()!);
        Assert.Equal("Revenue for Jun 2026", facts.RootElement.GetProperty("subject").GetString());
        var mrr = facts.RootElement.GetProperty("facts")[0];
        Assert.Equal(("MRR", 420, "$420.00", "up 2.4%"), (mrr.GetProperty("name").GetString(), mrr.GetProperty("value").GetDouble(), mrr.GetProperty("display").GetString(), mrr.GetProperty("change").GetString()));
        Assert.Equal("The largest single move was a rise of $120.00 from Apr 2026 to May 2026.", facts.RootElement.GetProperty("series").GetProperty("largestMove").GetString());
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public async Task Azure_OpenAI_narrator_falls_back_to_the_template_on_a_server_error_and_logs_why()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync(_ => Task.FromResult(Results.StatusCode(500)));
        var logger = new CapturingLogger<AzureOpenAINarrator>();

        var narrative = await Narrator(server, logger).NarrateAsync(Revenue);

        Assert.Equal(new Narrative(TemplateNarrator.Narrate(Revenue), NarrativeSources.Template, "the service answered HTTP 500"), narrative);
        Assert.Single(server.Calls);
        Assert.Contains("HTTP 500", Assert.Single(logger.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_OpenAI_narrator_falls_back_to_the_template_when_the_service_is_too_slow()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync(async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            return FakeAzureOpenAIServer.Completion("too late");
        });
        var logger = new CapturingLogger<AzureOpenAINarrator>();

        var narrative = await Narrator(server, logger, TimeSpan.FromSeconds(1)).NarrateAsync(Revenue);

        Assert.Equal((NarrativeSources.Template, "the service did not answer in time"), (narrative.Source, narrative.FallbackReason));
        Assert.Equal(TemplateNarrator.Narrate(Revenue), narrative.Text);
        Assert.Single(logger.Warnings);
    }

    [Fact]
    public async Task Azure_OpenAI_narrator_falls_back_when_the_model_returns_no_text()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync(_ => Task.FromResult(FakeAzureOpenAIServer.Completion("  ")));

        var narrative = await Narrator(server, new CapturingLogger<AzureOpenAINarrator>()).NarrateAsync(Revenue);

        Assert.Equal((NarrativeSources.Template, "the model returned no text"), (narrative.Source, narrative.FallbackReason));
    }

    [Fact]
    public async Task Azure_OpenAI_narrator_rejects_an_answer_with_a_number_that_is_not_in_the_facts()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync(_ => Task.FromResult(FakeAzureOpenAIServer.Completion("MRR reached $420.00, up 2.4%, and should pass $1,000.00 by 2027.")));
        var logger = new CapturingLogger<AzureOpenAINarrator>();

        var narrative = await Narrator(server, logger).NarrateAsync(Revenue);

        Assert.Equal((NarrativeSources.Template, "the model wrote numbers that are not in the facts (1,000.00, 2027)"), (narrative.Source, narrative.FallbackReason));
        Assert.Single(logger.Warnings);
    }

    [Fact]
    public async Task Azure_OpenAI_narrator_lets_the_callers_cancellation_through()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync(async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            return FakeAzureOpenAIServer.Completion("too late");
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Narrator(server, new CapturingLogger<AzureOpenAINarrator>()).NarrateAsync(Revenue, cancel.Token));
    }

    [Fact]
    public void Azure_OpenAI_narrator_needs_an_endpoint_a_key_and_a_deployment()
    {
        var options = Options.Create(new AzureOpenAIOptions { Endpoint = "https://example.openai.azure.com/", Deployment = "narrator" });

        Assert.False(options.Value.IsConfigured);
        Assert.Throws<ArgumentException>(() => new AzureOpenAINarrator(options, new TemplateNarrator(), new CapturingLogger<AzureOpenAINarrator>()));
    }

    private static AzureOpenAINarrator Narrator(FakeAzureOpenAIServer server, ILogger<AzureOpenAINarrator> logger, TimeSpan? timeout = null) => new(
        Options.Create(new AzureOpenAIOptions
        {
            Endpoint = server.BaseAddress.ToString(),
            ApiKey = "test-key",
            Deployment = "narrator",
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            MaxRetries = 0,
        }),
        new TemplateNarrator(),
        logger);

    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
