using System.Linq.Expressions;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Backups;
using TrustVault.Core.Email;
using TrustVault.Core.Metering;
using TrustVault.Core.Webhooks;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Jobs;

public static class JobsExtensions
{
    public const string DashboardPath = "/admin/jobs";

    /// <summary>
    /// Hangfire on the database's server when it is SQL Server or PostgreSQL (shared by every instance), and in a file
    /// next to the database on SQLite: either way a queued job survives a restart or a crash.
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        // One storage per app instance, resolved from DI rather than Hangfire's process-wide JobStorage.Current.
        builder.Services.AddSingleton<JobStorage>(provider =>
        {
            // Hangfire logs through a process-wide provider; point it at this app before the storage asks it for loggers.
            GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(provider.GetRequiredService<ILoggerFactory>()));
            return database.Provider switch
            {
                DatabaseProvider.SqlServer => new SqlServerStorage(database.ConnectionString),
                DatabaseProvider.PostgreSql => PostgreSqlStorage(database.ConnectionString),
                _ => SqliteStorage(database.SqliteFilePath(builder.Environment.ContentRootPath)),
            };
        });
        builder.Services.AddHangfire((provider, configuration) => configuration
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>()));
        if (jobs.RunServer)
        {
            // From the validated options: Hangfire's own check of the count would stop the start without naming the setting.
            builder.Services.AddHangfireServer((provider, server) => server.WorkerCount = provider.GetRequiredService<IOptions<JobsOptions>>().Value.Workers);
        }

        builder.Services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<DatabaseBackupJob>();
        builder.Services.AddOptions<UsageRetentionOptions>().BindConfiguration(UsageRetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<UsageRetentionJob>();
        builder.Services.AddScoped<UsageRollupJob>();
        builder.Services.AddScoped<InvoicingJob>();
        builder.Services.AddScoped<AnalysisRunJob>();
        builder.Services.AddScoped<QuotaAlertJob>();
        builder.Services.AddScoped<ListingHealthJob>();
        builder.Services.AddScoped<ListingAnomalyJob>();
        builder.Services.AddSingleton<IQuotaAlertQueue, QuotaAlertJobQueue>();
        builder.Services.AddScoped<WebhookDeliveryJob>();
        builder.Services.AddSingleton<WebhookDeliveryTrigger>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IWebhookDeliveryTrigger>(provider => provider.GetRequiredService<WebhookDeliveryTrigger>()));
        builder.Services.AddScoped<EmailOutboxJob>();
        builder.Services.AddSingleton<EmailOutboxTrigger>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IEmailOutboxTrigger>(provider => provider.GetRequiredService<EmailOutboxTrigger>()));

        return builder;
    }

    private static PostgreSqlStorage PostgreSqlStorage(string? connectionString)
    {
        var options = new PostgreSqlStorageOptions();
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// A sibling file (trustvault.db → trustvault.hangfire.db) rather than the database itself: SQLite has one writer per
    /// file, and Hangfire's polling, heartbeats and locks would otherwise queue behind (and hold up) the gateway's
    /// metering commits. Nothing is lost by the split: jobs are enqueued after the data they act on has committed.
    /// </summary>
    public static string SqliteStoragePath(string databasePath) => Path.ChangeExtension(databasePath, ".hangfire.db");

    private static SQLiteStorage SqliteStorage(string databasePath) =>
        // A 1 s poll (the default is 15 s): a job queued by a request (a webhook, outbox mail) starts about as soon as it did in memory.
        new(SqliteStoragePath(databasePath), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });

    /// <summary>The dashboard at /admin/jobs (admins only) and the recurring jobs, each under a stable id.</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        var jobs = app.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        Schedule<UsageRollupJob>(recurring, UsageRollupJob.Id, job => job.RunAsync(CancellationToken.None), jobs.UsageRollupCron, nameof(jobs.UsageRollupCron));
        Schedule<InvoicingJob>(recurring, InvoicingJob.Id, job => job.RunAsync(CancellationToken.None), jobs.InvoicingCron, nameof(jobs.InvoicingCron));
        Schedule<ListingHealthJob>(recurring, ListingHealthJob.Id, job => job.RunAsync(CancellationToken.None), jobs.ListingHealthCron, nameof(jobs.ListingHealthCron));
        Schedule<ListingAnomalyJob>(recurring, ListingAnomalyJob.Id, job => job.RunAsync(CancellationToken.None), jobs.ListingAnomalyCron, nameof(jobs.ListingAnomalyCron));
        Schedule<WebhookDeliveryJob>(recurring, WebhookDeliveryJob.Id, job => job.RunAsync(CancellationToken.None), jobs.WebhookDeliveryCron, nameof(jobs.WebhookDeliveryCron));
        Schedule<EmailOutboxJob>(recurring, EmailOutboxJob.Id, job => job.RunAsync(CancellationToken.None), jobs.EmailOutboxCron, nameof(jobs.EmailOutboxCron));
        Schedule<UsageRetentionJob>(recurring, UsageRetentionJob.Id, job => job.RunAsync(CancellationToken.None), jobs.UsageRetentionCron, nameof(jobs.UsageRetentionCron));
        Schedule<DatabaseBackupJob>(recurring, DatabaseBackupJob.Id, job => job.RunAsync(CancellationToken.None), jobs.DatabaseBackupCron, nameof(jobs.DatabaseBackupCron));

        var options = new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorizationFilter()],
            DashboardTitle = "TrustVault jobs",
            AppPath = "/admin",
        };
        app.MapHangfireDashboard(DashboardPath, options, app.Services.GetRequiredService<JobStorage>()).RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>Hangfire refuses a bad schedule without naming where it came from; the start stops naming the setting.</summary>
    private static void Schedule<TJob>(IRecurringJobManager recurring, string id, Expression<Func<TJob, Task>> run, string cron, string setting)
    {
        try
        {
            recurring.AddOrUpdate(id, run, cron);
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(JobsOptions.SectionName, typeof(JobsOptions),
                [$"{JobsOptions.SectionName}:{setting} must be a cron expression of five fields (minute hour day month weekday, UTC), not '{cron}': {e.InnerException?.Message ?? e.Message}"]);
        }
    }
}
