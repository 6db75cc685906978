namespace TrustVault.Core.Webhooks;

/// <summary>Exponential backoff for deliveries that got no 2xx: retries spread over <see cref="Window"/>, then the delivery fails.</summary>
public static class WebhookRetrySchedule
{
    /// <summary>No attempt is made later than this after the event.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromDays(3);

    /// <summary>The wait after the 1st, 2nd, … failed attempt; the last one repeats while the window lasts.</summary>
    public static IReadOnlyList<TimeSpan> Delays { get; } =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromHours(24),
    ];

    /// <summary>When to try again after <paramref name="attemptsMade"/> failed attempts; null when that would fall outside the window.</summary>
    public static DateTimeOffset? NextAttemptAt(DateTimeOffset eventCreatedAt, int attemptsMade, DateTimeOffset now)
    {
        var next = now + Delays[Math.Clamp(attemptsMade, 1, Delays.Count) - 1];
        return next <= eventCreatedAt + Window ? next : null;
    }
}
