using System.Text.RegularExpressions;
using TrustVault.Core.Egress;
using TrustVault.Core.Errors;

namespace TrustVault.Core.Catalog;

/// <summary>The rules a listing's fields follow, with messages a provider can act on.</summary>
public static partial class ListingRules
{
    public const int NameMaxLength = 80;
    public const int SlugMinLength = 3;
    public const int SlugMaxLength = 60;
    public const int SummaryMaxLength = 200;
    public const int DescriptionMaxLength = 20_000;
    public const int UrlMaxLength = 500;
    public const int HealthPathMaxLength = 200;
    public const int VersionMaxLength = 20;
    public const int ReasonMaxLength = 1000;
    public const int MaxTags = 10;
    public const int TagMaxLength = 30;

    public static IReadOnlyList<string> Categories { get; } =
    [
        "AI & Machine Learning", "Analytics", "Blockchain", "Communication", "Data",
        "Developer Tools", "Finance", "Geolocation", "Security", "Weather",
    ];

    /// <summary>Trims and checks the input; throws <see cref="Errors.InvalidInputException"/> naming every bad field.</summary>
    public static ListingInput Validate(ListingInput input, UpstreamUrlPolicy upstreams)
    {
        var clean = input with
        {
            Name = input.Name.Trim(),
            Slug = input.Slug.Trim().ToLowerInvariant(),
            Summary = input.Summary.Trim(),
            Description = input.Description.Trim(),
            Category = CanonicalCategory(input.Category.Trim()),
            // A JSON body's list can hold nulls whatever its type says: skipped, as empty tags are.
            Tags = input.Tags.Select(t => (t ?? "").Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList(),
            LogoUrl = string.IsNullOrWhiteSpace(input.LogoUrl) ? null : input.LogoUrl.Trim(),
            UpstreamBaseUrl = string.IsNullOrWhiteSpace(input.UpstreamBaseUrl) ? null : input.UpstreamBaseUrl.Trim(),
            HealthPath = string.IsNullOrWhiteSpace(input.HealthPath) ? null : input.HealthPath.Trim(),
            Version = input.Version.Trim(),
        };
        var errors = new ValidationErrors();
        Length(errors, "Name", clean.Name, 1, NameMaxLength);
        if (clean.Slug.Length < SlugMinLength || clean.Slug.Length > SlugMaxLength || !SlugPattern().IsMatch(clean.Slug))
        {
            errors.Add("Slug", $"Use {SlugMinLength}–{SlugMaxLength} lower-case letters, digits and single hyphens, e.g. weather-forecast.");
        }

        Length(errors, "Summary", clean.Summary, 1, SummaryMaxLength);
        Readable(errors, "Name", clean.Name);
        Readable(errors, "Summary", clean.Summary);
        Length(errors, "Description", clean.Description, 0, DescriptionMaxLength);
        if (!Categories.Contains(clean.Category))
        {
            errors.Add("Category", $"Choose one of {string.Join(", ", Categories)}.");
        }

        if (clean.Tags.Count > MaxTags)
        {
            errors.Add("Tags", $"Use at most {MaxTags} tags.");
        }

        if (clean.Tags.Any(t => t.Length > TagMaxLength))
        {
            errors.Add("Tags", $"Keep each tag under {TagMaxLength + 1} characters.");
        }

        // Tag by tag: one made of invisible characters alone would show as an empty chip.
        if (!clean.Tags.All(DisplayName.IsReadable))
        {
            errors.Add("Tags", DisplayName.Refusal);
        }

        if (clean.LogoUrl is not null && (clean.LogoUrl.Length > UrlMaxLength
            || !Uri.TryCreate(clean.LogoUrl, UriKind.Absolute, out var logo) || logo.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("LogoUrl", "Use an https:// address of an image.");
        }

        if (clean.UpstreamBaseUrl is not null)
        {
            if (clean.UpstreamBaseUrl.Length > UrlMaxLength)
            {
                errors.Add("UpstreamBaseUrl", $"Use at most {UrlMaxLength} characters.");
            }
            else if (upstreams.Check(clean.UpstreamBaseUrl) is { } problem)
            {
                errors.Add("UpstreamBaseUrl", problem);
            }
        }

        if (clean.HealthPath is not null && (clean.HealthPath.Length > HealthPathMaxLength || !clean.HealthPath.StartsWith('/')
            || clean.HealthPath.StartsWith("//", StringComparison.Ordinal) || !Uri.IsWellFormedUriString(clean.HealthPath, UriKind.Relative)
            || LeavesItsBase(clean.HealthPath)))
        {
            errors.Add("HealthPath", $"Use a path under the upstream base starting with /, e.g. /health (at most {HealthPathMaxLength} characters).");
        }

        Length(errors, "Version", clean.Version, 1, VersionMaxLength);
        Readable(errors, "Version", clean.Version);
        errors.ThrowIfAny();
        return clean;
    }

    /// <summary>The catalog's spelling of a category written in any case ("data" is Data), else the text as given.</summary>
    private static string CanonicalCategory(string category) =>
        Categories.FirstOrDefault(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase)) ?? category;

    /// <summary>Whether a path has a "." or ".." segment (also percent-encoded), which resolves outside the upstream's base path.</summary>
    private static bool LeavesItsBase(string path) =>
        path.Split('?')[0].Split('/').Select(Uri.UnescapeDataString).Any(segment => segment is "." or "..");

    private static void Readable(ValidationErrors errors, string field, string value)
    {
        if (!DisplayName.IsReadable(value))
        {
            errors.Add(field, DisplayName.Refusal);
        }
    }

    private static void Length(ValidationErrors errors, string field, string value, int min, int max)
    {
        if (value.Length < min)
        {
            errors.Add(field, "Enter a value.");
        }
        else if (value.Length > max)
        {
            errors.Add(field, $"Use at most {max} characters.");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
