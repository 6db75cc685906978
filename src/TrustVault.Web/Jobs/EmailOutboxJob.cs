using Hangfire;
using TrustVault.Core.Email;

namespace TrustVault.Web.Jobs;

/// <summary>Sends the outbox mail that is due (every minute as a sweep, and right after new mail is committed), then prunes old sent mail.</summary>
public sealed class EmailOutboxJob(EmailOutboxDispatcher dispatcher, EmailOutboxTrigger trigger)
{
    public const string Id = "email-outbox";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        trigger.Started();
        await dispatcher.SendDueAsync(cancellationToken);
        await dispatcher.PruneAsync(cancellationToken);
    }
}

/// <summary>Queues one <see cref="EmailOutboxJob"/> when mail is committed, unless one is already waiting to run.</summary>
public sealed class EmailOutboxTrigger(IBackgroundJobClient jobs, ILogger<EmailOutboxTrigger> logger) : IEmailOutboxTrigger
{
    private int queued;

    public void EmailQueued()
    {
        if (Interlocked.Exchange(ref queued, 1) != 0)
        {
            return;
        }

        try
        {
            jobs.Enqueue<EmailOutboxJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The change that queued the mail has committed: it must not look failed. The sweep sends the mail.
            Interlocked.Exchange(ref queued, 0);
            logger.LogWarning(e, "Could not queue an immediate e-mail run; the next sweep sends the mail.");
        }
    }

    /// <summary>Mail committed from now on needs another run.</summary>
    public void Started() => Interlocked.Exchange(ref queued, 0);
}
