using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Identity;
using TrustVault.Web.Errors;
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

    /// <param name="months">1 to <see cref="RevenueDashboardService.MaxMonths"/>, as text so that "abc" gets this endpoint's 400, not the binder's.</param>
    private static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> ExportAsync(
        string table, ClaimsPrincipal user, UserManager<ApplicationUser> users, RevenueDashboardService revenue, CancellationToken cancellationToken,
        string months = "12", string currency = "USD")
    {
        if (!RevenueCsv.Tables.Contains(table))
        {
            return TypedResults.NotFound();
        }

        if (!int.TryParse(months, NumberStyles.None, CultureInfo.InvariantCulture, out var monthCount) || monthCount is < 1 or > RevenueDashboardService.MaxMonths)
        {
            return Invalid("months", $"'months' must be a whole number from 1 to {RevenueDashboardService.MaxMonths}.");
        }

        var code = currency.ToUpperInvariant();
        if (!PlanRules.Currencies.Contains(code))
        {
            return Invalid("currency", $"'currency' must be one of {string.Join(", ", PlanRules.Currencies)}.");
        }

        var dashboard = await revenue.GetAsync(users.GetUserId(user)!, monthCount, code, cancellationToken);
        var csv = System.Text.Encoding.UTF8.GetBytes(RevenueCsv.Write(dashboard, table));
        return TypedResults.File(csv, "text/csv", $"trustvault-revenue-{table}-{dashboard.Currency.ToLowerInvariant()}.csv");
    }

    private static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(FieldProblem.Create(StatusCodes.Status400BadRequest, "Invalid request", field, detail));
}
