using System.ComponentModel.DataAnnotations;

namespace TrustVault.Web.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run a Hangfire server in this process (the web app is also the worker by default).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>
    /// Jobs the server runs at once. Each idle worker polls the queue every second (on SQLite, two queries of the job
    /// file), so Hangfire's default of five per core made ten polls a second on two cores, CPU taken from the gateway for
    /// jobs that mostly wait their turn by the minute; four leave room for a long analysis run and a backup beside the sweeps.
    /// At least one, or no job would ever run; at most 64, eight times Hangfire's default on an 8-core machine: more
    /// workers than that only add polls and database connections (each busy worker holds one) for jobs that wait anyway.
    /// </summary>
    [Range(1, MaxWorkers, ErrorMessage = "Jobs:Workers must be between {1} and {2}: the Hangfire workers running jobs at once.")]
    public int Workers { get; set; } = 4;

    public const int MaxWorkers = 64;

    /// <summary>When the usage rollup runs (UTC cron); a few minutes past each hour by default.</summary>
    public string UsageRollupCron { get; set; } = "5 * * * *";

    /// <summary>When the monthly invoicing runs (UTC cron); 02:00 on the 1st by default.</summary>
    public string InvoicingCron { get; set; } = "0 2 1 * *";

    /// <summary>When third-party upstreams are health-checked (UTC cron); every 5 minutes by default.</summary>
    public string ListingHealthCron { get; set; } = "*/5 * * * *";

    /// <summary>When listings' traffic is judged for error and latency spikes (UTC cron); every 5 minutes, one interval, by default.</summary>
    public string ListingAnomalyCron { get; set; } = "*/5 * * * *";

    /// <summary>When due webhook deliveries are swept up (UTC cron); every minute by default, new events go out at once besides.</summary>
    public string WebhookDeliveryCron { get; set; } = "* * * * *";

    /// <summary>When due outbox mail is swept up (UTC cron); every minute by default, new mail goes out at once besides.</summary>
    public string EmailOutboxCron { get; set; } = "* * * * *";

    /// <summary>When the SQLite database is backed up (UTC cron); 03:30 daily by default, a quiet hour.</summary>
    public string DatabaseBackupCron { get; set; } = "30 3 * * *";

    /// <summary>When settled raw usage events past their retention are pruned (UTC cron); 04:15 daily by default.</summary>
    public string UsageRetentionCron { get; set; } = "15 4 * * *";
}
