using System.Globalization;
using TrustVault.Core.Catalog.OpenApi;

namespace TrustVault.Core.Catalog;

/// <summary>One difference a revision would make: what the field shows now and what it would show.</summary>
public sealed record ProposedChange(string Field, string Before, string After);

/// <summary>What a proposal changes on a live listing, field by field, as the provider and the reviewer see it.</summary>
public static class ProposedChanges
{
    /// <summary>The differences; <paramref name="live"/> needs its endpoints and plans loaded.</summary>
    public static IReadOnlyList<ProposedChange> Between(Listing live, ListingProposal proposal)
    {
        var changes = new List<ProposedChange>();
        var now = ListingInput.From(live);
        var next = proposal.Fields;
        Add(changes, "Name", now.Name, next.Name);
        Add(changes, "Address (slug)", now.Slug, next.Slug);
        Add(changes, "Summary", now.Summary, next.Summary);
        Add(changes, "Description", now.Description, next.Description);
        Add(changes, "Category", now.Category, next.Category);
        Add(changes, "Tags", string.Join(", ", now.Tags), string.Join(", ", next.Tags));
        Add(changes, "Logo URL", now.LogoUrl ?? "", next.LogoUrl ?? "");
        Add(changes, "Upstream base URL", now.UpstreamBaseUrl ?? "", next.UpstreamBaseUrl ?? "");
        Add(changes, "Version", now.Version, next.Version);
        if (proposal.OpenApiDocument is { } document)
        {
            var import = OpenApiImporter.Import(document);
            changes.Add(new ProposedChange("API definition", Endpoints(live.Endpoints.Select(e => (e.Method, e.Path))), Endpoints(import.Endpoints.Select(e => (e.Method, e.Path)))));
        }

        foreach (var plan in proposal.Plans)
        {
            var current = live.Plans.SingleOrDefault(p => p.Id == plan.PlanId);
            changes.Add(plan.IsNew
                ? new ProposedChange($"New plan {plan.Terms.Name}", "", Terms(plan.Terms))
                : new ProposedChange($"Plan {current?.Name ?? plan.Terms.Name}", current is null ? "(deleted)" : Terms(PlanInput.From(current)), Terms(plan.Terms)));
        }

        return changes;
    }

    /// <summary>A plan's terms on one line, e.g. <c>Starter: 10.00 USD / month, 1,000 calls, hard cap, 2/s, 60/min, no trial, visible</c>.</summary>
    public static string Terms(PlanInput plan) => string.Create(
        CultureInfo.InvariantCulture,
        $"{plan.Name}: {plan.MonthlyPrice:N2} {plan.Currency} / month, {plan.IncludedCallsPerMonth:N0} calls, "
        + $"{(plan.OveragePricePer1000 is { } overage ? $"{overage:0.####} {plan.Currency} per 1,000 beyond" : "hard cap")}, "
        + $"{plan.RateLimitPerSecond}/s, {plan.RateLimitPerMinute}/min, {(plan.TrialDays > 0 ? $"{plan.TrialDays}-day trial" : "no trial")}, "
        + $"{(plan.IsVisible ? "visible" : "hidden")}");

    private static string Endpoints(IEnumerable<(string Method, string Path)> endpoints) =>
        string.Join("\n", endpoints.Select(e => $"{e.Method} {e.Path}"));

    private static void Add(List<ProposedChange> changes, string field, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(new ProposedChange(field, before, after));
        }
    }
}
