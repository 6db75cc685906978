using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Backups;
using TrustVault.Tests.Api;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Data.Backups;

/// <summary>The restore of docs/operations.md ("Backups and retention"), step by step, with the app started on the restored file.</summary>
[Collection(AppCollection.Name)]
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"trustvault-restore-{Guid.NewGuid():N}")).FullName;

    private string DatabasePath => Path.Combine(folder, "trustvault.db");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_app_started_on_a_restored_backup_has_what_was_written_before_the_backup_and_not_what_came_after()
    {
        string backup;
        Uri before, after;
        await using (var running = new AppOnFile(DatabasePath, Path.Combine(folder, "backups")))
        {
            await DemoCustomer.UseRoomiestPlanAsync(running, "ai-analytics");
            var client = DemoCustomer.Client(running);
            before = await QueueRunAsync(client);
            backup = (await running.Services.GetRequiredService<DatabaseBackup>().BackUpAsync(CancellationToken.None))!;
            after = await QueueRunAsync(client);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(after)).StatusCode);
        }

        // The documented restore: with the app stopped, the copy replaces the database file, and the old file's WAL and
        // shared memory and Hangfire's file (jobs queued after the copy was taken) go.
        File.Copy(backup, DatabasePath, overwrite: true);
        foreach (var stale in new[] { "trustvault.db-wal", "trustvault.db-shm", "trustvault.hangfire.db", "trustvault.hangfire.db-wal", "trustvault.hangfire.db-shm" })
        {
            File.Delete(Path.Combine(folder, stale));
        }

        await using var restored = new AppOnFile(DatabasePath, Path.Combine(folder, "backups"));
        var restoredClient = DemoCustomer.Client(restored);
        Assert.Equal(HttpStatusCode.OK, (await restoredClient.GetAsync(before)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await restoredClient.GetAsync(after)).StatusCode);
    }

    private static async Task<Uri> QueueRunAsync(HttpClient client)
    {
        using var upload = new StringContent("city,temperature\nBerlin,12.5\nParis,15\n", Encoding.UTF8, "text/csv");
        var response = await client.PostAsync("/gw/ai-analytics/v1/profile?async=true", upload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return new Uri((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!, UriKind.Relative);
    }

    /// <summary>The app on a given database file, which it leaves in place when it stops.</summary>
    private sealed class AppOnFile(string databasePath, string backups) : FirstPartyApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:ConnectionString", new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
            builder.UseSetting("Backup:Directory", backups);
        }
    }
}
