namespace TrustVault.Client;

/// <summary>How <see cref="TrustVaultClient"/> waits out rate limits (429 with Retry-After).</summary>
public sealed class TrustVaultClientOptions
{
    /// <summary>Attempts per call, the first included; 1 turns retrying off.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>
    /// The longest single wait; a 429 asking for more is surfaced as <see cref="TrustVaultApiException"/> at once
    /// rather than blocking the caller.
    /// </summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait when a 429 names none.</summary>
    public TimeSpan DefaultRetryWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How to wait; tests replace it to record the waits instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

    /// <summary>The clock for Retry-After given as an HTTP date.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
