using TrustVault.Core.Keys;

namespace TrustVault.Core.Metering;

/// <summary>Stores batches of usage events for <see cref="UsageRecorder"/>, one batch at a time.</summary>
internal interface IUsageWriter : IAsyncDisposable
{
    /// <summary>Stores the events and moves each key's last use forward to its latest call in the batch (when <see cref="KeyLastUses"/> says it is due).</summary>
    /// <returns>The items whose events were new (a request id already stored is skipped: a retried write counts once).</returns>
    Task<List<T>> WriteAsync<T>(IReadOnlyList<T> items, Func<T, UsageEvent> usage);
}
