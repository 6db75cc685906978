using TrustVault.Core.Catalog.Health;

namespace TrustVault.Web.Gateway;

/// <summary>Health probes over <see cref="UpstreamClient"/>, so a probe may reach exactly the addresses a forwarded call may.</summary>
internal sealed class UpstreamHealthProber(UpstreamClient upstream) : IListingHealthProber
{
    public async Task<int> GetStatusAsync(Uri target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.UserAgent.ParseAdd("TrustVault-HealthCheck/1.0");
        using var response = await upstream.Invoker.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
