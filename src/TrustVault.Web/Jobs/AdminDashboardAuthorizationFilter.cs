using Hangfire.Dashboard;
using TrustVault.Core.Identity;

namespace TrustVault.Web.Jobs;

/// <summary>Second line behind the endpoint's Admin policy: Hangfire's own check, so the dashboard is never open by mistake.</summary>
internal sealed class AdminDashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(PlatformRoles.Admin);
}
