namespace TrustVault.Core.Metering;

/// <summary>The <c>Metering</c> configuration section: whether and where a node keeps its usage journal (<see cref="UsageJournal"/>).</summary>
public sealed class UsageJournalOptions
{
    public const string SectionName = "Metering";

    /// <summary>
    /// On SQLite and PostgreSQL, whether calls are answered once their events are journaled (the default) rather than
    /// once the database has committed them: false trades the gateway's tail latency for usage reads that never lag.
    /// </summary>
    public bool UseJournal { get; set; } = true;

    /// <summary>
    /// The journal's directory, relative to the content root unless absolute; by default <c>usage-journal</c> in
    /// <c>Database:DataDirectory</c>. Nodes that share it (a volume every node mounts) recover each other's journals
    /// after a crash; a node on its own recovers its journal when it starts again.
    /// </summary>
    public string? JournalDirectory { get; set; }

    /// <summary>A directory that can be a path: not blank, no character a path cannot hold.</summary>
    public static bool IsValid(UsageJournalOptions options) =>
        options.JournalDirectory is null
        || (!string.IsNullOrWhiteSpace(options.JournalDirectory) && options.JournalDirectory.IndexOfAny(Path.GetInvalidPathChars()) < 0);
}
