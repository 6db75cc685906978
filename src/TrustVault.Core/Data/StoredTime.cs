namespace TrustVault.Core.Data;

/// <summary>
/// The precision every time is kept to: 100 µs, what SQLite's sortable encoding holds (DateTimeOffsetToBinaryConverter
/// drops the last three digits of the ticks). The same on every provider, so a time reads the same on each.
/// </summary>
public static class StoredTime
{
    public static readonly TimeSpan Precision = TimeSpan.FromTicks(1000);

    /// <summary>The time as the database gives it back: truncated to <see cref="Precision"/>.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) => value.AddTicks(-(value.Ticks % Precision.Ticks));
}
