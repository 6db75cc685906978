using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Web.Api.Platform;

namespace TrustVault.Web.Api;

/// <summary>The console's usage drill-down as a CSV download: every group the page's filters select, for the current organization.</summary>
public static class UsageExportEndpoints
{
    public const string Path = "/console/usage/export.csv";

    public static WebApplication MapUsageExport(this WebApplication app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    /// <summary>The download's address for <paramref name="filter"/>, with the query string the platform API reads.</summary>
    public static string For(UsageFilter filter)
    {
        var query = new Dictionary<string, string?>
        {
            ["from"] = filter.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = filter.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["keyId"] = filter.ApiKeyId?.ToString(),
            ["listingId"] = filter.ListingId?.ToString(),
            ["route"] = filter.Route,
            ["statusClass"] = filter.StatusClass is { } statusClass ? UsageFilter.FormatStatusClass(statusClass) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Path, query.Where(p => p.Value is not null));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, NotFound>> ExportAsync(
        [AsParameters] UsageQuery query, ClaimsPrincipal user, UserManager<ApplicationUser> users, OrganizationService organizations,
        UsageDrillDownService usage, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(user)!;
        if (await organizations.GetCurrentAsync(userId, cancellationToken) is not { } organization)
        {
            return TypedResults.NotFound();
        }

        UsageFilter filter;
        try
        {
            filter = query.ToFilter(clock.GetUtcNow());
        }
        catch (InvalidInputException e)
        {
            // Under /console, outside the API paths whose failures the exception handler writes as problem+json.
            return TypedResults.ValidationProblem(e.Errors.ToDictionary(error => error.Key, error => error.Value));
        }

        var groups = await usage.GroupsAsync(userId, organization.OrganizationId, filter, 0, int.MaxValue, cancellationToken);
        var csv = System.Text.Encoding.UTF8.GetBytes(UsageCsv.Write(groups.Items));
        return TypedResults.File(csv, "text/csv", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"trustvault-usage-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.csv"));
    }
}
