using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// The organization's registered privacy datasets, which the differential privacy endpoints charge by id, and their budgets
/// (any member reads; an Owner or Developer registers and archives).
/// </summary>
internal static class PrivacyDatasetsApi
{
    /// <param name="EpsilonBudget">The ε all of the dataset's queries may spend together; leave out for the platform's default (10).</param>
    /// <param name="DeltaBudget">The δ they may spend together, 0 to 0.001; leave out for the default (1e-5); 0 allows Laplace queries only.</param>
    public sealed record CreateDatasetRequest(string? Name, string? Description = null, double? EpsilonBudget = null, double? DeltaBudget = null);

    public static RouteGroupBuilder MapPrivacyDatasetsApi(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/organizations/{organizationId:guid}/privacy/datasets").WithTags("Privacy datasets");
        datasets.MapGet("", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListPrivacyDatasets")
            .WithSummary($"The organization's privacy datasets, newest first, archived ones included, with what each has spent: page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20).")
            .WithDescription("The month's cap, shared by every dataset, is in each dataset's budget (GetPrivacyDatasetBudget).");
        datasets.MapPost("", CreateAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("CreatePrivacyDataset")
            .WithSummary("Register a dataset with its ε and δ budget; the differential privacy endpoints take its id as 'dataset'.");
        datasets.MapPost("/{datasetId:guid}/archive", ArchiveAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .WithName("ArchivePrivacyDataset")
            .WithSummary("Archive a dataset: it takes no more queries, and what it spent stays on the ledger and in the month's cap.");
        datasets.MapGet("/{datasetId:guid}/budget", GetBudgetAsync)
            .WithName("GetPrivacyDatasetBudget")
            .WithSummary("What the dataset has spent of its budget and what remains, and the organization's cap for the month.");
        return api;
    }

    private static async Task<Ok<PlatformList<PrivacyDatasetView>>> ListAsync(
        Guid organizationId, int? page, int? pageSize, ClaimsPrincipal user, PrivacyDatasetService datasets, CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "datasets");

        var result = await datasets.ListPageAsync(user.RequireUserId(), organizationId, number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<PrivacyDatasetView>(number, size, result.Total, result.Items));
    }

    private static async Task<Created<PrivacyDatasetView>> CreateAsync(
        Guid organizationId, CreateDatasetRequest request, ClaimsPrincipal user, PrivacyDatasetService datasets, CancellationToken cancellationToken)
    {
        var created = await datasets.CreateAsync(
            user.RequireUserId(), organizationId, new PrivacyDatasetInput(request.Name, request.Description, request.EpsilonBudget, request.DeltaBudget), cancellationToken);
        return TypedResults.Created($"/api/v1/organizations/{organizationId}/privacy/datasets/{created.Id}/budget", created);
    }

    private static async Task<NoContent> ArchiveAsync(
        Guid organizationId, Guid datasetId, ClaimsPrincipal user, PrivacyDatasetService datasets, CancellationToken cancellationToken)
    {
        await datasets.ArchiveAsync(user.RequireUserId(), organizationId, datasetId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PrivacyBudgetStatus>> GetBudgetAsync(
        Guid organizationId, Guid datasetId, ClaimsPrincipal user, PrivacyDatasetService datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.GetBudgetAsync(user.RequireUserId(), organizationId, datasetId, cancellationToken));
}
