using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;

namespace TrustVault.Tests.Architecture;

/// <summary>
/// A feature's tables are written by its own code; another feature that needs a change there calls the owner (Metering
/// stores keys' last use through Keys). Checked on the source for the writes that bypass the owner's types: hand-written
/// SQL and EF's bulk ExecuteUpdate/ExecuteDelete. A table's owner is the namespace of its entity.
/// </summary>
public sealed partial class TableWritesTests
{
    private static readonly string Src = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src"));

    [Fact]
    public void Every_hand_written_or_bulk_write_is_in_the_feature_that_owns_the_table()
    {
        var owners = Owners();

        var foreign = Writes()
            .Where(w => owners.TryGetValue(w.Table, out var owner) && w.Namespace != owner && !w.Namespace.StartsWith(owner + ".", StringComparison.Ordinal))
            .Select(w => $"{w.File} ({w.Namespace}) writes {w.Table}, owned by {owners[w.Table]}");

        Assert.Empty(foreign);
    }

    [Fact]
    public void The_scan_finds_both_kinds_of_write()
    {
        var writes = Writes().ToList();

        Assert.Contains(new Write("TrustVault.Core/Keys/SqliteKeyLastUseUpdate.cs", "TrustVault.Core.Keys", "ApiKeys"), writes);
        Assert.Contains(new Write("TrustVault.Core/Keys/KeyLastUseUpdate.cs", "TrustVault.Core.Keys", "ApiKeys"), writes);
        Assert.Contains(new Write("TrustVault.Core/Metering/SqliteUsageWriter.cs", "TrustVault.Core.Metering", "UsageEvents"), writes);
    }

    /// <summary>Every table and context set by name, with the namespace of its entity.</summary>
    private static Dictionary<string, string> Owners()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var owners = db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.ClrType.Namespace is not null)
            .GroupBy(e => e.GetTableName()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().ClrType.Namespace!, StringComparer.Ordinal);
        foreach (var set in typeof(TrustVaultDbContext).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>)))
        {
            owners.TryAdd(set.Name, set.PropertyType.GetGenericArguments()[0].Namespace!);
        }

        return owners;
    }

    private static IEnumerable<Write> Writes() =>
        Directory.EnumerateFiles(Src, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: f, Relative: Path.GetRelativePath(Src, f).Replace('\\', '/')))
            .Where(f => !f.Relative.Contains("/obj/", StringComparison.Ordinal) && !f.Relative.Contains("/bin/", StringComparison.Ordinal)
                && !f.Relative.Contains("/Migrations/", StringComparison.Ordinal))
            .SelectMany(f => WritesIn(f.Relative, File.ReadAllText(f.Path)));

    private static IEnumerable<Write> WritesIn(string file, string source)
    {
        var ns = FileNamespace().Match(source).Groups["ns"].Value;
        return Sql().Matches(source).Concat(Bulk().Matches(source))
            .Select(m => new Write(file, ns, m.Groups["table"].Value))
            .Distinct();
    }

    [GeneratedRegex(@"^namespace (?<ns>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex("""(?:UPDATE|INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|DELETE\s+FROM)\s+["\[](?<table>\w+)["\]]""")]
    private static partial Regex Sql();

    // A set of a context (db, context, …) whose query ends in a bulk write within the same statement.
    [GeneratedRegex(@"\b(?:db|\w*[Cc]ontext)\.(?<table>\w+)\b[^;]*?\.Execute(?:Update|Delete)Async\b")]
    private static partial Regex Bulk();

    private sealed record Write(string File, string Namespace, string Table);
}
