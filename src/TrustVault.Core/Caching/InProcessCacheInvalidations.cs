using System.Collections.Concurrent;

namespace TrustVault.Core.Caching;

/// <summary><see cref="ICacheInvalidations"/> for one node: an invalidation drops the entry in this process.</summary>
public sealed class InProcessCacheInvalidations : ICacheInvalidations
{
    private readonly ConcurrentDictionary<string, Action<string>> drops = new(StringComparer.Ordinal);

    public void Register(string cache, Action<string> drop) => drops.AddOrUpdate(cache, drop, (_, registered) => registered + drop);

    public void Invalidate(string cache, string key)
    {
        if (drops.TryGetValue(cache, out var drop))
        {
            drop(key);
        }
    }
}
