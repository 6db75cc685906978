namespace TrustVault.Core.Keys;

/// <summary>
/// Which keys' last-use times a usage writer stores with a batch (through <see cref="KeyLastUseUpdate"/>): a key's latest call when it is at least
/// <see cref="Resolution"/> later than what this writer last stored for it, not every batch's. The console shows
/// last use to the minute, and each stored time dirties a page of the keys table in the batch's commit: at a steady
/// load that was one page in every commit, beside the few the events themselves fill.
/// </summary>
internal sealed class KeyLastUses
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, DateTimeOffset> stored = [];

    /// <summary>The latest call of each key among the calls, where it is due.</summary>
    public Dictionary<Guid, DateTimeOffset> Due(IEnumerable<(Guid KeyId, DateTimeOffset At)> calls)
    {
        var latest = new Dictionary<Guid, DateTimeOffset>();
        foreach (var (keyId, calledAt) in calls)
        {
            if (!latest.TryGetValue(keyId, out var at) || calledAt > at)
            {
                latest[keyId] = calledAt;
            }
        }

        foreach (var (keyId, at) in latest)
        {
            if (stored.TryGetValue(keyId, out var last) && at - last < Resolution)
            {
                latest.Remove(keyId);
            }
        }

        return latest;
    }

    /// <summary>Call once the batch that stored <paramref name="uses"/> is committed.</summary>
    public void Stored(Dictionary<Guid, DateTimeOffset> uses)
    {
        foreach (var (keyId, at) in uses)
        {
            stored[keyId] = at;
        }
    }
}
