using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// For SQLite, optional: defaults to <c>trustvault.db</c> in <see cref="DataDirectory"/>.
    /// For SQL Server and PostgreSQL, required (from user secrets or the environment, never the repository).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file lives, relative to the content root unless absolute.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    public bool MigrateOnStart { get; set; }
}
