using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrustVault.Core.Metering;

namespace TrustVault.Web.Gateway;

/// <summary>
/// Degraded, not unhealthy, while the usage journal's import keeps failing: calls are still answered and their events
/// kept in the journal, but usage, rollups and invoices miss them until the database takes them again.
/// </summary>
internal sealed class UsageJournalHealthCheck(UsageJournal journal) : IHealthCheck
{
    /// <summary>Longer than a few retries of a database that blinked.</summary>
    public static readonly TimeSpan FailingFor = TimeSpan.FromSeconds(10);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(journal.ImportFailingFor is { } failing && failing > FailingFor
            ? new HealthCheckResult(context.Registration.FailureStatus, $"Usage events have not been imported from the journal for {failing.TotalSeconds:0} s; the journal keeps them.")
            : HealthCheckResult.Healthy());
}
