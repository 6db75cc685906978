using Hangfire;

namespace TrustVault.Web.Jobs;

/// <summary>
/// Queues one run of a sweeping job when new work is committed, unless one is already waiting to run, so work goes out
/// at once instead of at the next sweep. A failed enqueue only logs: the change has committed and must not look failed,
/// and the sweep does the work.
/// </summary>
public abstract class RunSoonTrigger(IBackgroundJobClient jobs, ILogger logger)
{
    private int queued;

    /// <summary>Work committed from now on needs another run: the job calls this as it starts.</summary>
    public void Started() => Interlocked.Exchange(ref queued, 0);

    /// <summary>Enqueues the job (one call of <see cref="IBackgroundJobClient"/>'s Enqueue).</summary>
    protected abstract void Enqueue(IBackgroundJobClient client);

    protected void RunSoon()
    {
        if (Interlocked.Exchange(ref queued, 1) != 0)
        {
            return;
        }

        try
        {
            Enqueue(jobs);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Exchange(ref queued, 0);
            logger.LogWarning(e, "Could not queue an immediate run of {Trigger}; the next sweep does the work.", GetType().Name);
        }
    }
}
