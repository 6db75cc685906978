using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Data.Backups;

/// <summary>The <c>Backup</c> configuration section: the daily copy of a SQLite database.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Backup";

    /// <summary>
    /// On by default: a deployment that never read the docs still has a week of restore points. The copies sit next to
    /// the database unless <see cref="Directory"/> says otherwise, which guards against bad writes and mistakes but not
    /// against losing the disk: point it at another one.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where the copies go, relative to the content root unless absolute; by default <c>backups</c> in
    /// <see cref="DatabaseOptions.DataDirectory"/>, beside the database it copies, so that the copies of two databases never
    /// share a folder (their names say only when they were taken, and <see cref="Keep"/> prunes the folder).
    /// </summary>
    [MinLength(1)]
    public string? Directory { get; set; }

    /// <summary>How many copies to keep; the oldest beyond this are deleted after each backup.</summary>
    [Range(1, 1000)]
    public int Keep { get; set; } = 7;
}
