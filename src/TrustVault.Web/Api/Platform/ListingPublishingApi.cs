using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Core.Errors;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// A provider's pipeline publishing its listings, through the same <see cref="ListingService"/> as the provider portal
/// (Owner or Developer of a provider organization): a draft changes at once, a live listing's changes wait in its
/// pending revision for review (ADR 0008). Every answer says where the listing is in review.
/// </summary>
internal static class ListingPublishingApi
{
    /// <summary>A listing's fields; on an update, those left out keep their value (on a live listing, the one its pending revision proposes).</summary>
    /// <param name="Tags">Lower-case tags; an empty list clears them.</param>
    /// <param name="LogoUrl">An empty string clears it, as do <c>UpstreamBaseUrl</c> and <c>HealthPath</c>.</param>
    public sealed record ListingRequest(
        string? Name = null, string? Slug = null, string? Summary = null, string? Description = null, string? Category = null, IReadOnlyList<string>? Tags = null,
        string? LogoUrl = null, string? UpstreamBaseUrl = null, string? HealthPath = null, string? Version = null)
    {
        public ListingInput Over(ListingInput current) => new()
        {
            Name = Name ?? current.Name,
            Slug = Slug ?? current.Slug,
            Summary = Summary ?? current.Summary,
            Description = Description ?? current.Description,
            Category = Category ?? current.Category,
            Tags = Tags ?? current.Tags,
            LogoUrl = LogoUrl ?? current.LogoUrl,
            UpstreamBaseUrl = UpstreamBaseUrl ?? current.UpstreamBaseUrl,
            HealthPath = HealthPath ?? current.HealthPath,
            Version = Version ?? current.Version,
        };
    }

    /// <param name="Document">An OpenAPI 3.x document, JSON or YAML, as text.</param>
    public sealed record OpenApiDocumentRequest(string? Document);

    /// <summary>A document that imported: how many endpoints it has, and where the listing now is in review.</summary>
    public sealed record ImportedOpenApi(int Endpoints, string? Title, string? Version, ListingReviewStatus Listing);

    /// <summary>
    /// A plan's terms; those left out take the portal's defaults, a rate limit left out one that agrees with the other given.
    /// No <c>OveragePricePer1000</c> means a hard cap at the included calls.
    /// </summary>
    public sealed record PlanRequest(
        string? Name, decimal? MonthlyPrice = null, string? Currency = null, long? IncludedCallsPerMonth = null, decimal? OveragePricePer1000 = null,
        int? RateLimitPerSecond = null, int? RateLimitPerMinute = null, int? TrialDays = null, bool? IsVisible = null)
    {
        public PlanInput ToInput()
        {
            var defaults = new PlanInput();
            var (perSecond, perMinute) = PlanRules.RateLimits(RateLimitPerSecond, RateLimitPerMinute);
            return new PlanInput
            {
                Name = Name ?? "",
                MonthlyPrice = MonthlyPrice ?? defaults.MonthlyPrice,
                Currency = Currency ?? defaults.Currency,
                IncludedCallsPerMonth = IncludedCallsPerMonth ?? defaults.IncludedCallsPerMonth,
                OveragePricePer1000 = OveragePricePer1000,
                RateLimitPerSecond = perSecond,
                RateLimitPerMinute = perMinute,
                TrialDays = TrialDays ?? defaults.TrialDays,
                IsVisible = IsVisible ?? defaults.IsVisible,
            };
        }
    }

    /// <param name="PlanId">The plan's id; on a live listing, the id it gets when the revision is approved.</param>
    public sealed record CreatedPlan(Guid PlanId, ListingReviewStatus Listing);

    public static RouteGroupBuilder MapListingPublishingApi(this RouteGroupBuilder api)
    {
        var listings = api.MapGroup("/organizations/{organizationId:guid}/listings").WithTags("Listings");
        listings.MapPost("", CreateAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("CreateListing")
            .WithSummary("Create a draft listing; the organization must have accepted the provider terms.");
        listings.MapPatch("/{listingId:guid}", UpdateAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("UpdateListing")
            .WithSummary("Change a listing's fields: a draft at once, a live listing through its pending revision, reviewed before it shows.");
        listings.MapPut("/{listingId:guid}/openapi", ImportOpenApiAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("ImportListingOpenApi")
            .WithSummary("Replace the listing's endpoints with an OpenAPI 3.x document's; a document with errors changes nothing and answers 400 with each error at its location.");
        listings.MapPost("/{listingId:guid}/plans", CreatePlanAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("CreatePlan")
            .WithSummary("Add a plan: to a draft at once, to a live listing through its pending revision.");
        listings.MapPost("/{listingId:guid}/submit", SubmitAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithName("SubmitListing")
            .WithSummary("Submit a draft or rejected listing for review; a live listing's changes are in review once saved, so this only checks some wait.");
        listings.MapGet("/{listingId:guid}/review", GetReviewAsync)
            .WithName("GetListingReview")
            .WithSummary("Where the listing is in review: its status and, once live, its latest revision with what a pending one changes.");
        api.MapPost("/organizations/{organizationId:guid}/plans/{planId:guid}/retire", RetirePlanAsync)
            .RequireAuthorization(PlatformPolicies.Write)
            .ProducesValidationProblem()
            .WithTags("Listings")
            .WithName("RetirePlan")
            .WithSummary("Close a plan to new subscribers at once, also on a live listing; its subscribers keep it.");
        return api;
    }

    private static async Task<Created<ListingReviewStatus>> CreateAsync(
        Guid organizationId, ListingRequest request, ClaimsPrincipal user, ListingService listings, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var listingId = await listings.CreateAsync(userId, organizationId, request.Over(new ListingInput()), cancellationToken);
        var status = await listings.GetReviewStatusAsync(userId, organizationId, listingId, cancellationToken);
        return TypedResults.Created($"/api/v1/organizations/{organizationId}/listings/{listingId}/review", status);
    }

    private static async Task<Ok<ListingReviewStatus>> UpdateAsync(
        Guid organizationId, Guid listingId, ListingRequest request, ClaimsPrincipal user, ListingService listings, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        // What the portal's editor starts from: a live listing's pending proposal, else the listing itself.
        var listing = await listings.GetAsync(userId, organizationId, listingId, cancellationToken);
        var revision = listing.IsLive ? await listings.GetLatestRevisionAsync(userId, organizationId, listingId, cancellationToken) : null;
        var current = revision?.ProposedFields ?? ListingInput.From(listing);
        await listings.UpdateAsync(userId, organizationId, listingId, request.Over(current), cancellationToken);
        return TypedResults.Ok(await listings.GetReviewStatusAsync(userId, organizationId, listingId, cancellationToken));
    }

    private static async Task<Ok<ImportedOpenApi>> ImportOpenApiAsync(
        Guid organizationId, Guid listingId, OpenApiDocumentRequest request, ClaimsPrincipal user, ListingService listings, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var import = await listings.ImportOpenApiAsync(userId, organizationId, listingId, request.Document ?? "", cancellationToken);
        if (!import.Succeeded)
        {
            // The portal's list of errors, each under its location in the document.
            throw new InvalidInputException(import.Errors.GroupBy(e => e.Location).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var status = await listings.GetReviewStatusAsync(userId, organizationId, listingId, cancellationToken);
        return TypedResults.Ok(new ImportedOpenApi(import.Endpoints.Count, import.Title, import.Version, status));
    }

    private static async Task<Created<CreatedPlan>> CreatePlanAsync(
        Guid organizationId, Guid listingId, PlanRequest request, ClaimsPrincipal user, ListingService listings, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        var planId = await listings.AddPlanAsync(userId, organizationId, listingId, request.ToInput(), cancellationToken);
        var status = await listings.GetReviewStatusAsync(userId, organizationId, listingId, cancellationToken);
        return TypedResults.Created($"/api/v1/organizations/{organizationId}/listings/{listingId}/review", new CreatedPlan(planId, status));
    }

    private static async Task<NoContent> RetirePlanAsync(
        Guid organizationId, Guid planId, ClaimsPrincipal user, ListingService listings, CancellationToken cancellationToken)
    {
        await listings.RetirePlanAsync(user.RequireUserId(), organizationId, planId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ListingReviewStatus>> SubmitAsync(
        Guid organizationId, Guid listingId, ClaimsPrincipal user, ListingService listings, CancellationToken cancellationToken)
    {
        var userId = user.RequireUserId();
        await listings.SubmitForReviewAsync(userId, organizationId, listingId, cancellationToken);
        return TypedResults.Ok(await listings.GetReviewStatusAsync(userId, organizationId, listingId, cancellationToken));
    }

    private static async Task<Ok<ListingReviewStatus>> GetReviewAsync(
        Guid organizationId, Guid listingId, ClaimsPrincipal user, ListingService listings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await listings.GetReviewStatusAsync(user.RequireUserId(), organizationId, listingId, cancellationToken));
}
