using TrustVault.Core.Subscriptions;

namespace TrustVault.Web.Components.Shared;

/// <summary>What a quota forecast says to the customer, and what it was made from.</summary>
public static class QuotaForecastText
{
    public static string Sentence(QuotaForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var periodEnds = DateFormat.Day(forecast.LastDay);
        return (forecast.Method, forecast.ReachesOn, forecast.HardCap) switch
        {
            (QuotaForecastMethod.TooEarly, _, _) => $"Too early to forecast: no whole day of calls yet; the period ends on {periodEnds}.",
            (QuotaForecastMethod.Reached, { } day, true) => $"You reached 100% {On(forecast, day)}: calls are refused until the period ends on {periodEnds}.",
            (QuotaForecastMethod.Reached, { } day, false) => $"Overage started {On(forecast, day)}: calls are billed as overage until the period ends on {periodEnds}.",
            (_, { } day, true) => $"At this rate you reach 100% {On(forecast, day)}; the period ends on {periodEnds}.",
            (_, { } day, false) => $"At this rate overage starts {(day == forecast.Today ? "today" : $"about {DateFormat.Day(day)}")}; the period ends on {periodEnds}.",
            _ => $"Not at this rate before the period ends on {periodEnds}.",
        };
    }

    /// <summary>How the forecast was made; null when nothing was forecast.</summary>
    public static string? Basis(QuotaForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return forecast.Method switch
        {
            QuotaForecastMethod.Ets => $"Forecast from the daily calls of the {forecast.DaysObserved} whole days so far this period.",
            QuotaForecastMethod.AverageRate =>
                $"The average rate of the {Days(forecast.DaysObserved)} so far, carried forward: too few days for a trend forecast.",
            QuotaForecastMethod.TodaysPace => "Today's pace since midnight (UTC), sustained: sooner than the whole days so far would say.",
            _ => null,
        };
    }

    private static string On(QuotaForecast forecast, DateOnly day) => day == forecast.Today ? "today" : $"on {DateFormat.Day(day)}";

    private static string Days(int count) => count == 1 ? "1 whole day" : $"{count} whole days";
}
