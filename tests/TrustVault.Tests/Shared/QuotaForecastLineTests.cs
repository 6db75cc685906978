using Bunit;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Shared;

public sealed class QuotaForecastLineTests : MudBunitContext
{
    private static readonly DateOnly LastDay = new(2026, 12, 31);
    private static readonly DateOnly Today = new(2026, 12, 11);

    [Fact]
    public void A_hard_cap_says_the_day_it_is_reached_and_how_the_forecast_was_made()
    {
        var line = Render<QuotaForecastLine>(p => p.Add(c => c.Forecast, new QuotaForecast(600, 1_000, true, QuotaForecastMethod.Ets, new(2026, 12, 19), LastDay, 10, Today)));

        Assert.Equal("At this rate you reach 100% on 19 Dec 2026; the period ends on 31 Dec 2026.", line.Find("[data-testid=quota-forecast]").TextContent);
        Assert.Contains("10 whole days", line.Find("[data-testid=quota-forecast-basis]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overage_plan_says_when_overage_starts_and_names_the_simple_rate_model()
    {
        var line = Render<QuotaForecastLine>(p => p.Add(c => c.Forecast, new QuotaForecast(300, 1_000, false, QuotaForecastMethod.AverageRate, new(2026, 12, 9), LastDay, 2, Today)));

        Assert.Equal("At this rate overage starts about 9 Dec 2026; the period ends on 31 Dec 2026.", line.Find("[data-testid=quota-forecast]").TextContent);
        Assert.Contains("too few days for a trend forecast", line.Find("[data-testid=quota-forecast-basis]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pace_that_does_not_reach_the_quota_names_the_period_end()
    {
        var line = Render<QuotaForecastLine>(p => p.Add(c => c.Forecast, new QuotaForecast(30, 1_000, true, QuotaForecastMethod.AverageRate, null, LastDay, 3, Today)));

        Assert.Equal("Not at this rate before the period ends on 31 Dec 2026.", line.Find("[data-testid=quota-forecast]").TextContent);
    }

    [Fact]
    public void Nothing_forecast_has_no_basis_line()
    {
        var line = Render<QuotaForecastLine>(p => p.Add(c => c.Forecast, new QuotaForecast(1_200, 1_000, true, QuotaForecastMethod.Reached, new(2026, 12, 3), LastDay, 4, Today)));

        Assert.Equal("You reached 100% on 3 Dec 2026: calls are refused until the period ends on 31 Dec 2026.", line.Find("[data-testid=quota-forecast]").TextContent);
        Assert.Empty(line.FindAll("[data-testid=quota-forecast-basis]"));
    }

    [Fact]
    public void A_quota_used_up_today_or_running_out_before_tomorrow_says_today()
    {
        var running = Render<QuotaForecastLine>(p => p.Add(c => c.Forecast, new QuotaForecast(49_910, 50_000, true, QuotaForecastMethod.TodaysPace, Today, LastDay, 10, Today)));
        var overage = Render<QuotaForecastLine>(p => p.Add(c => c.Forecast, new QuotaForecast(49_910, 50_000, false, QuotaForecastMethod.TodaysPace, Today, LastDay, 10, Today)));
        var reached = Render<QuotaForecastLine>(p => p.Add(c => c.Forecast, new QuotaForecast(50_000, 50_000, true, QuotaForecastMethod.Reached, Today, LastDay, 10, Today)));

        Assert.Equal("At this rate you reach 100% today; the period ends on 31 Dec 2026.", running.Find("[data-testid=quota-forecast]").TextContent);
        Assert.Contains("Today's pace", running.Find("[data-testid=quota-forecast-basis]").TextContent, StringComparison.Ordinal);
        Assert.Equal("At this rate overage starts today; the period ends on 31 Dec 2026.", overage.Find("[data-testid=quota-forecast]").TextContent);
        Assert.Equal("You reached 100% today: calls are refused until the period ends on 31 Dec 2026.", reached.Find("[data-testid=quota-forecast]").TextContent);
    }
}
