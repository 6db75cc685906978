namespace TrustVault.Core.Redis;

/// <summary>
/// The Redis server the nodes share, bound from <c>Redis</c>. Without a configuration every store stays in process, as
/// one node needs.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }
}
