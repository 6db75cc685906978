using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Analytics.Runs;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Console;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Analytics;

/// <summary>The console's analysis runs page over Core's real services, each test as a member of an organization of its own.</summary>
public sealed class AnalysisRunsPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public AnalysisRunsPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<AnalysisRunService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddScoped<CurrentUser>();
    }

    [Fact]
    public async Task The_first_of_more_runs_than_the_page_once_listed_is_on_the_last_page()
    {
        var (userId, organizationId) = await MemberAsync();
        await AddRunsAsync(organizationId, 55);

        var page = RenderAs<AnalysisRuns>(userId);
        page.WaitForAssertion(() => Assert.Contains("Run 55 failed", page.Find("[data-testid=runs]").TextContent, StringComparison.Ordinal));
        var table = page.FindComponent<MudTable<AnalysisRunView>>();
        await page.InvokeAsync(() => table.Instance.NavigateTo(Page.Last));

        page.WaitForAssertion(() =>
        {
            var shown = page.Find("[data-testid=runs]").TextContent;
            Assert.Contains("Run 01 failed", shown, StringComparison.Ordinal);
            Assert.Contains("of 55", shown, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_organization_without_runs_sees_how_to_start_one()
    {
        var (userId, _) = await MemberAsync();

        var page = RenderAs<AnalysisRuns>(userId);

        page.WaitForElement("[data-testid=runs-empty]");
    }

    private async Task<(string UserId, Guid OrganizationId)> MemberAsync()
    {
        var user = await host.AddUserAsync($"{Guid.NewGuid():N}@example.com");
        return (user.Id, await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None));
    }

    /// <summary>Failed runs started a minute apart, each saying which it is in its error.</summary>
    private async Task AddRunsAsync(Guid organizationId, int count)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        for (var number = 1; number <= count; number++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            db.AnalysisRuns.Add(new AnalysisRun
            {
                OrganizationId = organizationId,
                Kind = AnalysisRunService.ProfileKind,
                Status = AnalysisRunStatus.Failed,
                Progress = 100,
                Error = $"Run {number:00} failed",
            });
            await db.SaveChangesAsync();
        }
    }
}
