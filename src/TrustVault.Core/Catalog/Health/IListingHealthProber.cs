namespace TrustVault.Core.Catalog.Health;

/// <summary>
/// Sends one GET to an upstream address and returns the status it answered with; throws when it
/// does not answer. <see cref="ListingHealthProber"/> sends over the platform's one outbound client, so probes obey
/// the same address rules as forwarded calls.
/// </summary>
public interface IListingHealthProber
{
    Task<int> GetStatusAsync(Uri target, CancellationToken cancellationToken);
}
