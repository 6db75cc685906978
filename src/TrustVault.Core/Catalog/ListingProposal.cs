using System.Text.Json;

namespace TrustVault.Core.Catalog;

/// <summary>What a revision would make of a live listing: its fields, and optionally a new API definition and plan changes.</summary>
public sealed record ListingProposal
{
    /// <summary>The listing's fields as proposed, whole and validated. Their health path is not reviewed: it changes at once.</summary>
    public required ListingInput Fields { get; init; }

    /// <summary>An OpenAPI document whose operations replace the listing's endpoints; null keeps the endpoints.</summary>
    public string? OpenApiDocument { get; init; }

    /// <summary>New plans and new terms of existing plans, at most one entry per plan.</summary>
    public IReadOnlyList<ProposedPlan> Plans { get; init; } = [];

    /// <summary>A proposal that changes nothing yet: the listing's current fields.</summary>
    public static ListingProposal Of(Listing listing) => new() { Fields = ListingInput.From(listing) };

    /// <summary>The proposal with <paramref name="plan"/> replacing any earlier proposal for the same plan, or only without it when it is null.</summary>
    public ListingProposal WithPlan(Guid planId, ProposedPlan? plan) =>
        this with { Plans = [.. Plans.Where(p => p.PlanId != planId), .. plan is null ? Array.Empty<ProposedPlan>() : [plan]] };

    internal static string ToJson(ListingProposal proposal) => JsonSerializer.Serialize(proposal, JsonOptions);

    internal static ListingProposal FromJson(string json) =>
        JsonSerializer.Deserialize<ListingProposal>(json, JsonOptions) ?? throw new JsonException("A listing revision has no proposal.");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.General);
}

/// <summary>A new plan, created with <see cref="PlanId"/> on approval, or new terms for the existing plan <see cref="PlanId"/>.</summary>
public sealed record ProposedPlan(Guid PlanId, bool IsNew, PlanInput Terms);
