using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TrustVault.Web.Api;

/// <summary>
/// /health/ready says "not yet" until this version's first-party documents are stored: Kestrel already listens while
/// they are published, and until then a listing's endpoint list and its Try it panel show the previous version's.
/// </summary>
internal sealed class FirstPartyDocumentsHealthCheck : IHealthCheck
{
    private volatile bool published;

    public void MarkPublished() => published = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(published ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The first-party API documents are being published."));
}
