using TrustVault.Core.Egress;

namespace TrustVault.Core.Catalog.Health;

/// <summary>Health probes over <see cref="EgressClient"/>, so a probe may reach exactly the addresses a forwarded call may.</summary>
internal sealed class ListingHealthProber(EgressClient egress) : IListingHealthProber
{
    public async Task<int> GetStatusAsync(Uri target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.UserAgent.ParseAdd("TrustVault-HealthCheck/1.0");
        using var response = await egress.Invoker.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
