namespace TrustVault.Core.Email;

/// <summary>Backoff for mail the server did not take: a few retries over about nine hours, then the message fails and shows to admins.</summary>
public static class EmailRetrySchedule
{
    /// <summary>The wait after the 1st, 2nd, … failed attempt; after the last one the message fails.</summary>
    public static IReadOnlyList<TimeSpan> Delays { get; } =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6),
    ];

    /// <summary>When to try again after <paramref name="attemptsMade"/> failed attempts; null when the message has had them all.</summary>
    public static DateTimeOffset? NextAttemptAt(int attemptsMade, DateTimeOffset now) =>
        attemptsMade >= 1 && attemptsMade <= Delays.Count ? now + Delays[attemptsMade - 1] : null;
}
