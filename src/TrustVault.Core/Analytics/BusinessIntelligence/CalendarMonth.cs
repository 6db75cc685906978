namespace TrustVault.Core.Analytics.BusinessIntelligence;

/// <summary>Calendar months in UTC as consecutive integers, so month arithmetic is subtraction.</summary>
internal static class CalendarMonth
{
    public static int Index(DateOnly month) => (month.Year * 12) + month.Month - 1;

    public static int Index(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return (utc.Year * 12) + utc.Month - 1;
    }

    public static DateOnly FromIndex(int index) => new(index / 12, (index % 12) + 1, 1);
}
