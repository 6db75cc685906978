using Hangfire;
using TrustVault.Core.Data.Backups;

namespace TrustVault.Web.Jobs;

/// <summary>Daily: copies the SQLite database to the backup folder and keeps the newest few copies.</summary>
public sealed class DatabaseBackupJob(DatabaseBackup backup)
{
    public const string Id = "database-backup";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(CancellationToken cancellationToken) => backup.BackUpAsync(cancellationToken);
}
