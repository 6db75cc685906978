using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using TrustVault.Core.Accounts;
using TrustVault.Core.Analytics.Jobs;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Web.Jobs;

/// <summary>The download of a background analysis's result, for members of the organization that ran it.</summary>
public static class AnalysisJobEndpoints
{
    public static WebApplication MapAnalysisJobResults(this WebApplication app)
    {
        app.MapGet("/console/jobs/{jobId:guid}/result.json", DownloadAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(
        Guid jobId, ClaimsPrincipal user, UserManager<ApplicationUser> users, OrganizationService organizations, AnalysisJobService jobs, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(user)!;
        if (await organizations.GetCurrentAsync(userId, cancellationToken) is not { } organization)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var json = await jobs.ResultAsync(userId, organization.OrganizationId, jobId, cancellationToken);
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"profile-{jobId:N}.json");
        }
        catch (NotFoundException)
        {
            return TypedResults.NotFound();
        }
    }
}
