using System.Globalization;
using System.Text;
using TrustVault.Core.Catalog;

namespace TrustVault.Web.Components.Pages.Portal;

/// <summary>The listing form's fields; Core validates them when saved.</summary>
public sealed class ListingEditModel
{
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";

    /// <summary>Comma-separated in the form.</summary>
    public string Tags { get; set; } = "";

    public string? LogoUrl { get; set; }
    public string? UpstreamBaseUrl { get; set; }
    public string? HealthPath { get; set; }
    public string Version { get; set; } = "1.0.0";

    public static ListingEditModel From(ListingInput listing) => new()
    {
        Name = listing.Name,
        Slug = listing.Slug,
        Summary = listing.Summary,
        Description = listing.Description,
        Category = listing.Category,
        Tags = string.Join(", ", listing.Tags),
        LogoUrl = listing.LogoUrl,
        UpstreamBaseUrl = listing.UpstreamBaseUrl,
        HealthPath = listing.HealthPath,
        Version = listing.Version,
    };

    public ListingInput ToInput() => new()
    {
        Name = Name,
        Slug = Slug,
        Summary = Summary,
        Description = Description,
        Category = Category,
        Tags = Tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        LogoUrl = LogoUrl,
        UpstreamBaseUrl = UpstreamBaseUrl,
        HealthPath = HealthPath,
        Version = Version,
    };

    /// <summary>A slug suggested from the name: lower case, words joined by hyphens.</summary>
    /// <remarks>Accents are taken off the letters they sit on ("Wéather" → "weather") rather than splitting the word.</remarks>
    public static string SlugFrom(string name) =>
        string.Join('-', new string(name.Normalize(NormalizationForm.FormD).ToLowerInvariant()
                .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                .Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>The plan form's fields.</summary>
public sealed class PlanEditModel
{
    public Guid? PlanId { get; set; }
    public string Name { get; set; } = "";
    public decimal MonthlyPrice { get; set; }
    public string Currency { get; set; } = "USD";
    public long IncludedCallsPerMonth { get; set; } = 1000;
    public bool HardCap { get; set; } = true;
    public decimal OveragePricePer1000 { get; set; }
    public int RateLimitPerSecond { get; set; } = 5;
    public int RateLimitPerMinute { get; set; } = 100;
    public int TrialDays { get; set; }
    public bool IsVisible { get; set; } = true;

    public static PlanEditModel From(Plan plan) => From(plan.Id, PlanInput.From(plan));

    /// <summary>The form for a plan whose change waits for review: its proposed terms, not its live ones.</summary>
    public static PlanEditModel From(ProposedPlan proposed) => From(proposed.PlanId, proposed.Terms);

    private static PlanEditModel From(Guid planId, PlanInput terms) => new()
    {
        PlanId = planId,
        Name = terms.Name,
        MonthlyPrice = terms.MonthlyPrice,
        Currency = terms.Currency,
        IncludedCallsPerMonth = terms.IncludedCallsPerMonth,
        HardCap = terms.OveragePricePer1000 is null,
        OveragePricePer1000 = terms.OveragePricePer1000 ?? 0,
        RateLimitPerSecond = terms.RateLimitPerSecond,
        RateLimitPerMinute = terms.RateLimitPerMinute,
        TrialDays = terms.TrialDays,
        IsVisible = terms.IsVisible,
    };

    public PlanInput ToInput() => new()
    {
        Name = Name,
        MonthlyPrice = MonthlyPrice,
        Currency = Currency,
        IncludedCallsPerMonth = IncludedCallsPerMonth,
        OveragePricePer1000 = HardCap ? null : OveragePricePer1000,
        RateLimitPerSecond = RateLimitPerSecond,
        RateLimitPerMinute = RateLimitPerMinute,
        TrialDays = TrialDays,
        IsVisible = IsVisible,
    };
}
