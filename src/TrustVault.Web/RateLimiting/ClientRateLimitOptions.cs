namespace TrustVault.Web.RateLimiting;

/// <summary>
/// A token bucket per client for one rate-limit policy, from the section <c>RateLimits:{policy}</c>: <see cref="Burst"/>
/// requests at once, then <see cref="Permits"/> each <see cref="Period"/>.
/// </summary>
public sealed class ClientRateLimitOptions
{
    public const int MaxPermits = 10_000;

    public static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(1);

    /// <summary>Requests a client gets back each <see cref="Period"/>.</summary>
    public int Permits { get; set; }

    public TimeSpan Period { get; set; }

    /// <summary>Requests a client may send at once after a quiet spell: the bucket's size, at least <see cref="Permits"/>.</summary>
    public int Burst { get; set; }

    internal bool IsValid =>
        Permits is >= 1 and <= MaxPermits && Burst >= Permits && Burst <= MaxPermits && Period >= MinPeriod && Period <= MaxPeriod;
}
