using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

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

    /// <summary>The SQLite connection string: <see cref="ConnectionString"/> when set, else <c>trustvault.db</c> in <see cref="DataDirectory"/>.</summary>
    public string SqliteConnectionString(string contentRootPath) =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(contentRootPath, DataDirectory, "trustvault.db") }.ToString()
            : ConnectionString;

    /// <summary>The full path of the SQLite database file (a relative data source is opened from the working directory, as SQLite does).</summary>
    public string SqliteFilePath(string contentRootPath) => Path.GetFullPath(new SqliteConnectionStringBuilder(SqliteConnectionString(contentRootPath)).DataSource);
}
