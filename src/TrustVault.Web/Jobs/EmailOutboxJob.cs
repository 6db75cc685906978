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
public sealed class EmailOutboxTrigger(IBackgroundJobClient jobs, ILogger<EmailOutboxTrigger> logger) : RunSoonTrigger(jobs, logger), IEmailOutboxTrigger
{
    public void EmailQueued() => RunSoon();

    protected override void Enqueue(IBackgroundJobClient client) => client.Enqueue<EmailOutboxJob>(job => job.RunAsync(CancellationToken.None));
}
