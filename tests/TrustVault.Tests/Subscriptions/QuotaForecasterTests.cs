using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Analytics.Forecasting;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Tests.Subscriptions;

/// <summary>When a monthly quota runs out at the current pace, on a fake clock in December 2026 (a 31-day period).</summary>
public sealed class QuotaForecasterTests
{
    private static readonly DateOnly LastDay = new(2026, 12, 31);

    [Fact]
    public void A_plan_without_a_monthly_quota_has_no_forecast()
    {
        Assert.Null(At(2026, 12, 10).Forecast(Days(100, 100), used: 200, included: 0, hardCap: false));
    }

    [Fact]
    public void On_the_first_day_of_the_period_without_calls_it_is_too_early_to_forecast()
    {
        var forecast = At(2026, 12, 1, hour: 15).Forecast(new Dictionary<DateOnly, long>(), used: 0, included: 1_000, hardCap: true);

        Assert.Equal(new QuotaForecast(0, 1_000, true, QuotaForecastMethod.TooEarly, null, LastDay, 0, new(2026, 12, 1)), forecast);
    }

    [Fact]
    public void On_the_first_day_of_the_period_today_s_pace_is_the_forecast()
    {
        // 50 calls in 15 hours: the other 950 take 285 hours more, to noon on 13 Dec.
        var forecast = At(2026, 12, 1, hour: 15).Forecast(new Dictionary<DateOnly, long> { [new(2026, 12, 1)] = 50 }, used: 50, included: 1_000, hardCap: true);

        Assert.Equal(new QuotaForecast(50, 1_000, true, QuotaForecastMethod.TodaysPace, new DateOnly(2026, 12, 13), LastDay, 0, new(2026, 12, 1)), forecast);
    }

    [Fact]
    public void Only_whole_days_since_the_subscription_started_set_its_pace()
    {
        // Started at 9:00, 440 of 500 used by 15:00: its pace since it started, not "not at this rate" from five idle days.
        var today = At(2026, 12, 6, hour: 15).Forecast(Days(0, 0, 0, 0, 0, 440), used: 440, included: 500, hardCap: true, startedAt: new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal((QuotaForecastMethod.TodaysPace, 0, new DateOnly(2026, 12, 6)), (today!.Method, today.DaysObserved, today.ReachesOn));

        // Started on the 3rd at 10:00: the 4th to the 9th are its whole days, at 100 a day it reaches 1,000 on the 13th.
        var later = At(2026, 12, 10).Forecast(Days(0, 0, 40, 100, 100, 100, 100, 100, 100), used: 640, included: 1_000, hardCap: true, startedAt: new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal((QuotaForecastMethod.Ets, 6, new DateOnly(2026, 12, 13)), (later!.Method, later.DaysObserved, later.ReachesOn));
    }

    [Fact]
    public void An_exhausted_quota_says_the_day_it_ran_out()
    {
        var forecast = At(2026, 12, 4).Forecast(Days(400, 400, 300, 20), used: 1_120, included: 1_000, hardCap: false);

        Assert.Equal(QuotaForecastMethod.Reached, forecast!.Method);
        Assert.Equal(new DateOnly(2026, 12, 3), forecast.ReachesOn);
    }

    [Fact]
    public void Flat_usage_over_two_days_carries_the_average_rate_forward()
    {
        // 100 a day on 1 and 2 Dec, 30 so far on the 3rd: 70 more expected today, then 100 a day reach 1,000 on 10 Dec.
        var forecast = At(2026, 12, 3, hour: 12).Forecast(Days(100, 100, 30), used: 230, included: 1_000, hardCap: true);

        Assert.Equal(new QuotaForecast(230, 1_000, true, QuotaForecastMethod.AverageRate, new DateOnly(2026, 12, 10), LastDay, 2, new(2026, 12, 3)), forecast);
    }

    [Fact]
    public void A_first_busy_day_after_quiet_days_is_forecast_from_today_s_pace()
    {
        // 3,620 calls by noon after five days without any: 7,240 a day reach 50,000 on 12 Dec, not "not at this rate".
        var forecast = At(2026, 12, 6, hour: 12).Forecast(Days(0, 0, 0, 0, 0, 3_620), used: 3_620, included: 50_000, hardCap: true);

        Assert.Equal((QuotaForecastMethod.TodaysPace, new DateOnly(2026, 12, 12), 5), (forecast!.Method, forecast.ReachesOn, forecast.DaysObserved));
    }

    [Fact]
    public void A_steady_pace_today_leaves_the_whole_days_forecast_as_it_was()
    {
        // 100 a day, 50 by noon today: today's pace alone would say 11 Dec, the whole days (with today's other 50) 10 Dec.
        var forecast = At(2026, 12, 3, hour: 12).Forecast(Days(100, 100, 50), used: 250, included: 1_000, hardCap: true);

        Assert.Equal((QuotaForecastMethod.AverageRate, new DateOnly(2026, 12, 10)), (forecast!.Method, forecast.ReachesOn));
    }

    [Fact]
    public void A_quota_that_runs_out_within_minutes_at_today_s_pace_runs_out_today()
    {
        // 1,000 a day for six days, then one call a second since midnight: 90 calls (seconds) left at noon. The whole days
        // alone would still see today's expected calls long done and say tomorrow.
        var forecast = At(2026, 12, 7, hour: 12).Forecast(Days(1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 43_200), used: 49_200, included: 49_290, hardCap: true);

        Assert.Equal((QuotaForecastMethod.TodaysPace, new DateOnly(2026, 12, 7)), (forecast!.Method, forecast.ReachesOn));
    }

    [Fact]
    public void A_pace_that_does_not_reach_the_quota_before_the_period_ends_has_no_date()
    {
        var forecast = At(2026, 12, 3, hour: 12).Forecast(Days(100, 100, 30), used: 230, included: 100_000, hardCap: false);

        Assert.Equal(QuotaForecastMethod.AverageRate, forecast!.Method);
        Assert.Null(forecast.ReachesOn);
        Assert.Equal(LastDay, forecast.LastDay);
    }

    [Fact]
    public void Flat_usage_over_ten_days_is_forecast_by_the_engine_at_the_same_pace()
    {
        long[] tenDays = [97, 103, 99, 101, 98, 102, 100, 99, 101, 100];

        var forecast = At(2026, 12, 11).Forecast(Days(tenDays), used: 1_000, included: 2_000, hardCap: true);

        // About 100 a day: the other 1,000 calls take ten days, 11 to 20 Dec.
        Assert.Equal(QuotaForecastMethod.Ets, forecast!.Method);
        Assert.Equal(10, forecast.DaysObserved);
        Assert.InRange(forecast.ReachesOn!.Value, new DateOnly(2026, 12, 19), new DateOnly(2026, 12, 21));
    }

    [Fact]
    public void Rising_usage_reaches_the_quota_in_the_period_where_the_average_rate_would_not()
    {
        // 100, 200, … 1,000 a day (with a little noise): 5,500 so far. At the average 550 a day the remaining 21 days would
        // add 11,550 and stop short of 20,000; a trend keeps rising and gets there.
        long[] rising = [.. Enumerable.Range(1, 10).Select(d => (100L * d) + (d % 2 == 0 ? 12 : -12))];

        var forecast = At(2026, 12, 11).Forecast(Days(rising), used: rising.Sum(), included: 20_000, hardCap: false);

        Assert.Equal(QuotaForecastMethod.Ets, forecast!.Method);
        Assert.NotNull(forecast.ReachesOn);
        Assert.InRange(forecast.ReachesOn.Value, new DateOnly(2026, 12, 11), LastDay);
    }

    /// <summary>
    /// The console forecasts every subscription on whatever day it is opened, the demo's too: one without calls yet (a new
    /// trial), and one whose calls began some days into the period (the demo's busy two weeks), from the average rate of
    /// the first days through the engine with and without a weekly season.
    /// </summary>
    [Theory]
    [MemberData(nameof(DaysOfDecember))]
    public void Every_day_of_the_period_gets_a_forecast_for_idle_and_late_starting_usage(int day)
    {
        var forecaster = At(2026, 12, day, hour: 23);
        long[] busyFromTheEighth = [.. Enumerable.Range(1, day).Select(d => d < 8 ? 0L : 20 + (d * 7 % 40))];

        var idle = forecaster.Forecast(Days([.. Enumerable.Repeat(0L, day)]), used: 0, included: 20_000, hardCap: false);
        var lateStart = forecaster.Forecast(Days(busyFromTheEighth), used: busyFromTheEighth.Sum(), included: 1_000, hardCap: true);

        var method = day - 1 >= Forecaster.MinimumLength(1) ? QuotaForecastMethod.Ets : QuotaForecastMethod.AverageRate;
        Assert.Equal((method, null, day - 1), (idle!.Method, idle.ReachesOn, idle.DaysObserved));
        Assert.NotEqual(QuotaForecastMethod.TooEarly, lateStart!.Method);
        Assert.True(lateStart.ReachesOn is null || lateStart.ReachesOn <= LastDay, $"{lateStart.ReachesOn} is after the period");
    }

    public static TheoryData<int> DaysOfDecember => [.. Enumerable.Range(2, 30)];

    private static QuotaForecaster At(int year, int month, int day, int hour = 0) =>
        new(new FakeTimeProvider(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero)));

    /// <summary>Calls on 1, 2, 3 … December.</summary>
    private static Dictionary<DateOnly, long> Days(params long[] calls) =>
        calls.Select((c, i) => (Day: new DateOnly(2026, 12, 1).AddDays(i), Calls: c)).ToDictionary(d => d.Day, d => d.Calls);
}
