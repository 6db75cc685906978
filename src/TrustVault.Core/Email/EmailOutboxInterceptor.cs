using TrustVault.Core.Data;

namespace TrustVault.Core.Email;

/// <summary>Pulls the <see cref="IEmailOutboxTrigger"/> once a save that queued mail has committed (never for one that failed).</summary>
public sealed class EmailOutboxInterceptor(IEmailOutboxTrigger trigger) : CommittedRowsInterceptor<OutboxEmail>
{
    protected override void Committed() => trigger.EmailQueued();
}

/// <summary>Told after mail was committed to the outbox, so a background worker can send it now instead of at its next sweep.</summary>
public interface IEmailOutboxTrigger
{
    void EmailQueued();
}

internal sealed class SweepOnlyEmailTrigger : IEmailOutboxTrigger
{
    public void EmailQueued()
    {
    }
}
