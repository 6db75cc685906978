using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using TrustVault.Core.Billing;
using TrustVault.Core.Identity;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Admin;

/// <summary>CSV downloads of the admin revenue dashboard's tables.</summary>
public static class RevenueExportEndpoints
{
    public const string Path = "/admin/revenue/export";

    public static WebApplication MapRevenueExport(this WebApplication app)
    {
        app.MapGet($"{Path}/{{table}}.csv", ExportAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> ExportAsync(
        string table, ClaimsPrincipal user, UserManager<ApplicationUser> users, RevenueDashboardService revenue, CancellationToken cancellationToken,
        int months = 12, string currency = "USD")
    {
        if (!RevenueCsv.Tables.Contains(table))
        {
            return TypedResults.NotFound();
        }

        var dashboard = await revenue.GetAsync(users.GetUserId(user)!, months, currency.ToUpperInvariant(), cancellationToken);
        var csv = System.Text.Encoding.UTF8.GetBytes(RevenueCsv.Write(dashboard, table));
        return TypedResults.File(csv, "text/csv", $"trustvault-revenue-{table}-{dashboard.Currency.ToLowerInvariant()}.csv");
    }
}
