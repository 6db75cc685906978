using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using TrustVault.Core.Analytics.Runs;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;

namespace TrustVault.Web.Api;

/// <summary>The download of a background analysis's result, for members of the organization that ran it.</summary>
public static class AnalysisRunEndpoints
{
    public static WebApplication MapAnalysisRunResults(this WebApplication app)
    {
        app.MapGet("/console/runs/{runId:guid}/result.json", DownloadAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(
        Guid runId, ClaimsPrincipal user, UserManager<ApplicationUser> users, OrganizationService organizations, AnalysisRunService runs, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(user)!;
        if (await organizations.GetCurrentAsync(userId, cancellationToken) is not { } organization)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var json = await runs.ResultAsync(userId, organization.OrganizationId, runId, cancellationToken);
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"profile-{runId:N}.json");
        }
        catch (NotFoundException)
        {
            return TypedResults.NotFound();
        }
    }
}
