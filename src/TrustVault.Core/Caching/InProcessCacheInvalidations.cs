using System.Collections.Concurrent;

namespace TrustVault.Core.Caching;

/// <summary><see cref="ICacheInvalidations"/> for one node: an invalidation drops the entry in this process.</summary>
public sealed class InProcessCacheInvalidations : ICacheInvalidations
{
    private readonly ConcurrentDictionary<string, Action<string>> drops = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Action> resyncs = new();

    public void Register(string cache, Action<string> drop, Action resync)
    {
        drops.AddOrUpdate(cache, drop, (_, registered) => registered + drop);
        resyncs.Enqueue(resync);
    }

    public void Invalidate(string cache, string key)
    {
        if (drops.TryGetValue(cache, out var drop))
        {
            drop(key);
        }
    }

    /// <summary>Tells every cache that it may have missed invalidations: each drops or reads again all it holds.</summary>
    public void Resync()
    {
        foreach (var resync in resyncs)
        {
            resync();
        }
    }
}
