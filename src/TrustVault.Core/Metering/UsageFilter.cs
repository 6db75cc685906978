using TrustVault.Core.Errors;

namespace TrustVault.Core.Metering;

/// <summary>
/// What a usage drill-down shows: the UTC days <see cref="From"/> to <see cref="To"/> (both included), narrowed to one key,
/// one API, one endpoint (<see cref="Route"/>, the path as called) or one status class (2 for 2xx … 5 for 5xx) when given.
/// </summary>
public sealed record UsageFilter(DateOnly From, DateOnly To, Guid? ApiKeyId = null, Guid? ListingId = null, string? Route = null, int? StatusClass = null)
{
    /// <summary>Longest range, in days: the console's chart reaches back as far, and a longer one would scan months of calls.</summary>
    public const int MaxDays = 90;

    public static readonly IReadOnlyList<int> StatusClasses = [2, 3, 4, 5];

    /// <summary>Start of <see cref="From"/> in UTC: the range's first instant.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Start of the day after <see cref="To"/> in UTC: the first instant past the range.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The last <paramref name="days"/> UTC days up to and including today's.</summary>
    public static UsageFilter LastDays(DateTimeOffset now, int days)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new UsageFilter(today.AddDays(1 - days), today);
    }

    /// <summary>"4xx" as 4; null for null or empty.</summary>
    /// <exception cref="InvalidInputException">Naming <c>statusClass</c> for anything but 2xx, 3xx, 4xx or 5xx.</exception>
    public static int? ParseStatusClass(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length == 3 && text.EndsWith("xx", StringComparison.OrdinalIgnoreCase) && StatusClasses.Contains(text[0] - '0'))
        {
            return text[0] - '0';
        }

        throw new InvalidInputException("statusClass", "Choose 2xx, 3xx, 4xx or 5xx.");
    }

    public static string FormatStatusClass(int statusClass) => $"{statusClass}xx";

    /// <param name="toWasGiven">
    /// False when <see cref="To"/> is a default (today): a range too long is then blamed on <c>from</c>, the end the caller chose.
    /// </param>
    /// <exception cref="InvalidInputException">Naming <c>from</c> or <c>to</c> when the range is upside down or longer than <see cref="MaxDays"/>.</exception>
    public UsageFilter Validate(bool toWasGiven = true)
    {
        if (From > To)
        {
            throw new InvalidInputException("from", "The range starts after it ends: from must be on or before to.");
        }

        if (To.DayNumber - From.DayNumber + 1 > MaxDays)
        {
            throw new InvalidInputException(toWasGiven ? "to" : "from", $"Choose a range of at most {MaxDays} days.");
        }

        if (StatusClass is { } statusClass && !StatusClasses.Contains(statusClass))
        {
            throw new InvalidInputException("statusClass", "Choose 2xx, 3xx, 4xx or 5xx.");
        }

        return this;
    }
}
