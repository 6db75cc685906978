using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Tests.Organizations;

/// <summary>
/// The tenancy rule, checked on the source: every query that starts at the set of an <see cref="IOrganizationOwned"/>
/// entity goes through <see cref="OrganizationQueries.ForOrganization{T}"/>, every one that starts at the set of an
/// <see cref="IProviderOwned"/> entity through <see cref="OrganizationQueries.ForProvider{T}"/>, or says with
/// <see cref="OrganizationQueries.AcrossOrganizations{T}"/> that it spans organizations on purpose, unless its file is
/// one of the readers below whose every read spans organizations. See docs/decisions/0010-one-entry-point-for-tenant-reads.md.
/// </summary>
public sealed class TenantReadsTests
{
    private static readonly string[] Rules =
        [nameof(OrganizationQueries.ForOrganization), nameof(OrganizationQueries.ForProvider), nameof(OrganizationQueries.AcrossOrganizations)];

    /// <summary>Files whose every read spans organizations by nature, and why; paths from src/.</summary>
    private static readonly Dictionary<string, string> CrossOrganizationReaders = new(StringComparer.Ordinal)
    {
        ["TrustVault.Core/Catalog/CatalogService.cs"] = "the public catalog shows every provider's published listings and their ratings",
        ["TrustVault.Core/Catalog/Search/CatalogIndexer.cs"] = "the public search index of every published listing",
        ["TrustVault.Core/Catalog/FirstPartyDocumentSync.cs"] = "start-up sync of the first-party listings' documents",
        ["TrustVault.Core/Catalog/ListingModerationService.cs"] = "admins review every provider's listings",
        ["TrustVault.Core/Catalog/Health/ListingHealthMonitor.cs"] = "background probe of every live listing",
        ["TrustVault.Core/Catalog/Health/ListingHealthService.cs"] = "a listing's public health, from every subscriber's calls",
        ["TrustVault.Core/Keys/ApiKeyCache.cs"] = "the gateway finds a key, and from it the organization, by its prefix",
        ["TrustVault.Core/Gateway/GatewayAccess.cs"] = "the gateway finds the subscription of the key's organization",
        ["TrustVault.Core/Metering/EfUsageWriter.cs"] = "writes every organization's calls in batches",
        ["TrustVault.Core/Metering/UsageRollupService.cs"] = "hourly job over every organization's calls",
        ["TrustVault.Core/Metering/BillableCalls.cs"] = "counts one subscription's calls, found by id by invoicing and quotas",
        ["TrustVault.Core/Metering/QuotaAlertService.cs"] = "job that checks every subscription's quota",
        ["TrustVault.Core/Billing/InvoicingService.cs"] = "monthly job that invoices every organization (or one, given)",
        ["TrustVault.Core/Billing/PayoutService.cs"] = "monthly job that pays every provider",
        ["TrustVault.Core/Billing/PaymentStatus.cs"] = "settles an invoice already found, for that invoice's organization",
        ["TrustVault.Core/Billing/RevenueDashboardService.cs"] = "the admins' revenue dashboard over the whole platform",
        ["TrustVault.Core/Billing/LocalPaymentProvider.cs"] = "the local payment provider's ledger, keyed by idempotency key",
        ["TrustVault.Core/Billing/Stripe/StripeWebhookProcessor.cs"] = "Stripe's events name their objects; each is checked against the organization's customer",
        ["TrustVault.Core/Webhooks/WebhookDispatcher.cs"] = "background delivery and clean-up of every organization's webhooks",
        ["TrustVault.Core/Data/Seeding/DemoSeeder.cs"] = "seeds the demo organizations",
    };

    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal) { "Add", "AddRange", "Remove", "RemoveRange", "Attach", "Update", "Entry", "Local" };

    private static readonly string Src = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src"));

    [Fact]
    public void Every_read_of_an_organization_owned_set_goes_through_the_tenancy_rule()
    {
        var unruled = Reads()
            .Where(r => !CrossOrganizationReaders.ContainsKey(r.File))
            .Where(r => !r.Chain.Intersect(Rules).Any())
            .Select(r => $"{r.File}:{r.Line} {r.Set}");

        Assert.Empty(unruled);
    }

    [Fact]
    public void The_scan_finds_the_reads_and_every_listed_reader_still_reads()
    {
        var reads = Reads().ToList();

        Assert.Contains(reads, r => r.File == "TrustVault.Core/Keys/ApiKeyService.cs" && r.Chain.Contains(nameof(OrganizationQueries.ForOrganization)));
        Assert.Contains(reads, r => r.File == "TrustVault.Core/Billing/EarningsService.cs" && r.Set == "Payouts" && r.Chain.Contains(nameof(OrganizationQueries.ForProvider)));
        Assert.All(CrossOrganizationReaders.Keys, file => Assert.Contains(reads, r => r.File == file));
    }

    [Fact]
    public void The_scan_follows_a_chain_across_lines_and_skips_writes()
    {
        var pattern = SetPattern(["ApiKeys"]);
        const string Source = "var k = await db.ApiKeys\n    .AsNoTracking()\n    .ForOrganization(id)\n    .SingleAsync(k => k.Id == (x(1)), ct);\ndb.ApiKeys.Add(key);\nawait db.ApiKeys.CountAsync(ct);";

        var reads = ReadsIn("f.cs", Source, pattern).ToList();

        Assert.Equal(2, reads.Count);
        Assert.Equal(["AsNoTracking", "ForOrganization", "SingleAsync"], reads[0].Chain);
        Assert.Equal(["CountAsync"], reads[1].Chain);
    }

    private static IEnumerable<Read> Reads()
    {
        var pattern = SetPattern(OwnedSetNames());
        return Directory.EnumerateFiles(Src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => (Path: f, Relative: Path.GetRelativePath(Src, f).Replace('\\', '/')))
            .Where(f => !f.Relative.Contains("/obj/", StringComparison.Ordinal) && !f.Relative.Contains("/bin/", StringComparison.Ordinal)
                && !f.Relative.Contains("/Migrations/", StringComparison.Ordinal) && !f.Relative.EndsWith("Data/TrustVaultDbContext.cs", StringComparison.Ordinal))
            .SelectMany(f => ReadsIn(f.Relative, File.ReadAllText(f.Path), pattern));
    }

    /// <summary>The context's sets of organization-owned and provider-owned entities, by property name and as Set&lt;T&gt;().</summary>
    private static IEnumerable<string> OwnedSetNames() =>
        typeof(TrustVaultDbContext).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>)
                && p.PropertyType.GetGenericArguments()[0].GetInterfaces().Any(i => i == typeof(IOrganizationOwned) || i == typeof(IProviderOwned)))
            .SelectMany(p => new[] { p.Name, $"Set<{p.PropertyType.GetGenericArguments()[0].Name}>()" });

    // A context (db, context, …) followed by one of the sets; namespaces and view models (reviews.Reviews) do not match.
    private static Regex SetPattern(IEnumerable<string> sets) =>
        new($@"\b(?:db|\w*[Cc]ontext|again)\.(?<set>{string.Join('|', sets.Select(Regex.Escape))})(?![\w])", RegexOptions.CultureInvariant);

    private static IEnumerable<Read> ReadsIn(string file, string source, Regex pattern)
    {
        foreach (Match match in pattern.Matches(source))
        {
            var chain = Chain(source, match.Index + match.Length);
            if (chain.Count > 0 && Writes.Contains(chain[0]))
            {
                continue;
            }

            yield return new Read(file, source[..match.Index].Count(c => c == '\n') + 1, match.Groups["set"].Value, chain);
        }
    }

    /// <summary>The methods called one after another on the set: .A(…).B&lt;…&gt;(…).C, across lines.</summary>
    private static List<string> Chain(string source, int at)
    {
        var calls = new List<string>();
        while (true)
        {
            at = SkipSpace(source, at);
            if (at >= source.Length || source[at] != '.')
            {
                return calls;
            }

            var start = ++at;
            while (at < source.Length && (char.IsLetterOrDigit(source[at]) || source[at] == '_'))
            {
                at++;
            }

            calls.Add(source[start..at]);
            at = SkipBalanced(source, SkipSpace(source, at), '<', '>');
            at = SkipBalanced(source, SkipSpace(source, at), '(', ')');
        }
    }

    private static int SkipSpace(string source, int at)
    {
        while (at < source.Length && char.IsWhiteSpace(source[at]))
        {
            at++;
        }

        return at;
    }

    private static int SkipBalanced(string source, int at, char open, char close)
    {
        if (at >= source.Length || source[at] != open)
        {
            return at;
        }

        var depth = 0;
        do
        {
            depth += source[at] == open ? 1 : source[at] == close ? -1 : 0;
            at++;
        }
        while (at < source.Length && depth > 0);
        return at;
    }

    private sealed record Read(string File, int Line, string Set, List<string> Chain);
}
