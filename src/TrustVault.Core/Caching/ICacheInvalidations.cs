namespace TrustVault.Core.Caching;

/// <summary>
/// Cached entries dropped on every node when what they hold changes, so a key revoked on one node is refused on the
/// others at once rather than when their entry expires: in this process (<see cref="InProcessCacheInvalidations"/>) or
/// published through Redis to every node (<see cref="RedisCacheInvalidations"/>). Each cache registers how it drops an
/// entry under its name, and how it drops or reads again everything it holds; entries are named by a string key the
/// cache chooses.
/// </summary>
public interface ICacheInvalidations
{
    /// <summary>
    /// Runs <paramref name="drop"/> with the key of each entry of <paramref name="cache"/> invalidated on any node, and
    /// <paramref name="resync"/> when this node may have missed invalidations (it was cut off from the others), so that
    /// every entry it holds may be stale.
    /// </summary>
    void Register(string cache, Action<string> drop, Action resync);

    /// <summary>Drops the entry here now, and on the other nodes as soon as they hear of it.</summary>
    void Invalidate(string cache, string key);
}
