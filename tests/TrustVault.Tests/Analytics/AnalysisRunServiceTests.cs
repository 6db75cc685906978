using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Analytics.Runs;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Analytics;

/// <summary>The console's list of analysis runs pages in the database, over the caller's organization only.</summary>
public sealed class AnalysisRunServiceTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly RecordedCommands commands = new();
    private readonly CoreTestHost host;

    public AnalysisRunServiceTests() => host = CoreTestHost.Node(commands.AddTo);

    private AnalysisRunService Runs => host.Get<AnalysisRunService>();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_runs_page_the_latest_started_first_past_the_fifty_once_listed()
    {
        var (userId, organizationId) = await OrganizationAsync();
        var runs = await AddRunsAsync(organizationId, 55);
        await AddRunsAsync((await OrganizationAsync()).OrganizationId, 4);

        var second = await Runs.ListAsync(userId, organizationId, 1, 20, None);
        var last = await Runs.ListAsync(userId, organizationId, 2, 20, None);

        runs.Reverse();
        Assert.Equal(55, second.Total);
        Assert.Equal(runs[20..40], second.Items.Select(r => r.Id));
        Assert.Equal(runs[40..], last.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task A_non_member_is_refused_another_organizations_runs()
    {
        var (_, organizationId) = await OrganizationAsync();
        await AddRunsAsync(organizationId, 1);
        var (otherId, _) = await OrganizationAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => Runs.ListAsync(otherId, organizationId, 0, 20, None));
    }

    [Fact]
    public async Task The_list_shows_each_run_s_kind_size_status_and_error_without_reading_its_result()
    {
        var (userId, organizationId) = await OrganizationAsync();
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.AnalysisRuns.Add(new AnalysisRun
            {
                OrganizationId = organizationId,
                Kind = AnalysisRunService.ProfileKind,
                InputBytes = 9_000_000,
                Status = AnalysisRunStatus.Succeeded,
                Progress = 100,
                ResultJson = $"{{\"rows\":{new string('1', 100_000)}}}",
                CompletedAt = host.Clock.GetUtcNow(),
            });
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            db.AnalysisRuns.Add(new AnalysisRun
            {
                OrganizationId = organizationId,
                Kind = AnalysisRunService.JsonProfileKind,
                InputBytes = 12,
                Status = AnalysisRunStatus.Failed,
                Progress = 100,
                Error = "Row 2: no value",
            });
            await db.SaveChangesAsync();
        }

        commands.Clear();
        var page = await Runs.ListAsync(userId, organizationId, 0, 20, None);

        Assert.Equal(
            [(AnalysisRunService.JsonProfileKind, 12L, AnalysisRunStatus.Failed, 100, "Row 2: no value", false), (AnalysisRunService.ProfileKind, 9_000_000L, AnalysisRunStatus.Succeeded, 100, null, true)],
            page.Items.Select(r => (r.Kind, r.InputBytes, r.Status, r.Progress, r.Error, r.CompletedAt is not null)));
        var list = Assert.Single(commands.All, c => c.Sql.Contains("FROM \"AnalysisRuns\"", StringComparison.Ordinal) && c.Sql.Contains("ORDER BY", StringComparison.Ordinal));
        Assert.DoesNotContain("ResultJson", list.Sql, StringComparison.Ordinal);
    }

    private async Task<(string UserId, Guid OrganizationId)> OrganizationAsync()
    {
        var user = await host.AddUserAsync($"{Guid.NewGuid():N}@example.com");
        return (user.Id, await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, None));
    }

    /// <summary>Finished runs of <paramref name="organizationId"/> started a minute apart, in that order.</summary>
    private async Task<List<Guid>> AddRunsAsync(Guid organizationId, int count)
    {
        var ids = new List<Guid>();
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            var run = new AnalysisRun { OrganizationId = organizationId, Kind = AnalysisRunService.ProfileKind, Status = AnalysisRunStatus.Succeeded, Progress = 100 };
            db.AnalysisRuns.Add(run);
            await db.SaveChangesAsync();
            ids.Add(run.Id);
        }

        return ids;
    }
}
