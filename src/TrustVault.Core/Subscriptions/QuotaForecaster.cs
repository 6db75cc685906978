using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Core.Subscriptions;

/// <summary>How a quota forecast was made, which the console names next to it.</summary>
public enum QuotaForecastMethod
{
    /// <summary>Nothing forecast: no whole day to learn a rate from yet, and no calls today to take a pace from.</summary>
    TooEarly,

    /// <summary>The quota is already used up this period.</summary>
    Reached,

    /// <summary>The average rate of the whole days so far, carried forward: too few days for a trend model.</summary>
    AverageRate,

    /// <summary>The daily calls of the remaining days forecast by the ETS model <see cref="Forecaster"/> selects.</summary>
    Ets,

    /// <summary>Today's calls so far, at the rate they came since midnight (UTC), sustained: sooner than the whole days say.</summary>
    TodaysPace,
}

/// <param name="Used">Calls counted against the quota so far this period.</param>
/// <param name="ReachesOn">The UTC day the quota is (projected to be) used up; null when not before the period ends.</param>
/// <param name="LastDay">The period's last day (periods are calendar months, docs/decisions/0004).</param>
/// <param name="DaysObserved">Whole days of usage the forecast learnt from.</param>
/// <param name="Today">The UTC day the forecast was made, so that a quota used up today can say so.</param>
public sealed record QuotaForecast(long Used, long Included, bool HardCap, QuotaForecastMethod Method, DateOnly? ReachesOn, DateOnly LastDay, int DaysObserved, DateOnly Today);

/// <summary>
/// When a subscription's monthly quota runs out at its current pace. The daily calls of this period's whole days feed
/// the forecasting engine when there are enough of them (<see cref="Forecaster.MinimumLength"/>: four for a model
/// without a season, fourteen to fit a weekly one); with fewer, the average rate so far is carried forward. Today is
/// not over, so it is no whole day of the series; its pace so far, sustained, is a second forecast, and the earlier of
/// the two is the answer: a first busy day after quiet ones, or a burst that uses the quota up within the hour, is not
/// hidden behind the days before it.
/// </summary>
public sealed class QuotaForecaster(TimeProvider clock)
{
    private const int Week = 7;

    /// <param name="dailyCalls">Calls per UTC day of this period, days without calls left out or zero.</param>
    /// <param name="used">Calls counted against the quota so far (the quota counter, which the daily rows may lag).</param>
    /// <param name="startedAt">
    /// When the subscription started, if within this period: the days before it, and the day it began part-way through,
    /// are no days of its pace (their few or no calls would read as a slow one).
    /// </param>
    /// <returns>Null for a plan without a monthly quota.</returns>
    public QuotaForecast? Forecast(IReadOnlyDictionary<DateOnly, long> dailyCalls, long used, long included, bool hardCap, DateTimeOffset? startedAt = null)
    {
        ArgumentNullException.ThrowIfNull(dailyCalls);
        if (included <= 0)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var period = BillingPeriod.MonthOf(now);
        var firstDay = DateOnly.FromDateTime(period.Start.UtcDateTime);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var lastDay = DateOnly.FromDateTime(period.End.UtcDateTime).AddDays(-1);
        var observedFrom = startedAt is { } started && started > period.Start
            ? DateOnly.FromDateTime(started.UtcDateTime).AddDays(started.UtcDateTime.TimeOfDay == TimeSpan.Zero ? 0 : 1)
            : firstDay;
        var wholeDays = Math.Max(0, today.DayNumber - observedFrom.DayNumber);
        if (used >= included)
        {
            return new QuotaForecast(used, included, hardCap, QuotaForecastMethod.Reached, ReachedOn(dailyCalls, firstDay, today, included), lastDay, wholeDays, today);
        }

        var todaysPace = TodaysPace(dailyCalls.GetValueOrDefault(today), now, startedAt, used, included, period);
        (QuotaForecastMethod Method, DateOnly? ReachesOn) wholeDaysForecast = wholeDays == 0
            ? (QuotaForecastMethod.TooEarly, null)
            : WholeDays(dailyCalls, observedFrom, wholeDays, today, lastDay, used, included);
        var (method, reachesOn) = wholeDaysForecast;
        if (todaysPace is { } paceDay && (reachesOn is null || paceDay < reachesOn))
        {
            (method, reachesOn) = (QuotaForecastMethod.TodaysPace, paceDay);
        }

        return new QuotaForecast(used, included, hardCap, method, reachesOn, lastDay, wholeDays, today);
    }

    /// <summary>The forecast from the whole days of this period: the day the expected calls reach the quota, if any.</summary>
    private static (QuotaForecastMethod Method, DateOnly? ReachesOn) WholeDays(
        IReadOnlyDictionary<DateOnly, long> dailyCalls, DateOnly observedFrom, int wholeDays, DateOnly today, DateOnly lastDay, long used, long included)
    {
        var series = Enumerable.Range(0, wholeDays).Select(d => (double)dailyCalls.GetValueOrDefault(observedFrom.AddDays(d))).ToList();
        var remainingDays = lastDay.DayNumber - today.DayNumber + 1;
        var (method, perDay) = series.Count >= Forecaster.MinimumLength(1)
            ? (QuotaForecastMethod.Ets, EtsDays(series, remainingDays))
            : (QuotaForecastMethod.AverageRate, Enumerable.Repeat(series.Average(), remainingDays).ToArray());

        // Today has begun: only the rest of its expected calls are still to come.
        var todaySoFar = dailyCalls.GetValueOrDefault(today);
        var expected = (double)used;
        for (var day = 0; day < remainingDays; day++)
        {
            expected += day == 0 ? Math.Max(0, perDay[0] - todaySoFar) : perDay[day];
            if (expected >= included)
            {
                return (method, today.AddDays(day));
            }
        }

        return (method, null);
    }

    /// <summary>
    /// The day the quota runs out if calls keep coming as fast as they have since midnight (or since the subscription
    /// started, if later today); null without calls today or when that is after the period.
    /// </summary>
    private static DateOnly? TodaysPace(long todaySoFar, DateTimeOffset now, DateTimeOffset? startedAt, long used, long included, BillingPeriod period)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var since = startedAt is { } started && started > midnight ? started : midnight;
        var elapsed = now - since;
        if (todaySoFar <= 0 || elapsed <= TimeSpan.Zero)
        {
            return null;
        }

        var secondsToGo = (included - used) * elapsed.TotalSeconds / todaySoFar;
        return secondsToGo < (period.End - now).TotalSeconds ? DateOnly.FromDateTime(now.AddSeconds(secondsToGo).UtcDateTime) : null;
    }

    /// <summary>Forecast calls per remaining day, never below zero; weekly seasonality once two weeks have been seen.</summary>
    private static double[] EtsDays(List<double> series, int days)
    {
        var season = series.Count >= Forecaster.MinimumLength(Week) ? Week : 1;
        return [.. Forecaster.Forecast(series, days, season).Points.Select(p => Math.Max(0, p.Value))];
    }

    /// <summary>The day the running total of the daily calls first reached the quota; today when the days lag the counter.</summary>
    private static DateOnly ReachedOn(IReadOnlyDictionary<DateOnly, long> dailyCalls, DateOnly firstDay, DateOnly today, long included)
    {
        long total = 0;
        for (var day = firstDay; day <= today; day = day.AddDays(1))
        {
            total += dailyCalls.GetValueOrDefault(day);
            if (total >= included)
            {
                return day;
            }
        }

        return today;
    }
}
