using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrustVault.Core.Billing;
using TrustVault.Core.Email;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Data.Seeding;

/// <summary>
/// The months before the demo's first start as the monthly invoicing job would have left them: each month's invoices
/// issued and charged, and its providers paid, an hour after the month ended, by the real billing services over the
/// seeded subscriptions and calls. Nothing here writes a figure: the services compute every amount.
/// </summary>
/// <remarks>
/// The demo's cards are test-mode cards of the local ledger, so the history is charged there even when Stripe is
/// configured: Stripe knows none of the demo organizations.
/// </remarks>
public sealed class DemoHistory(IDbContextFactory<TrustVaultDbContext> contexts, NotificationLinks links, IOptions<BillingOptions> billing, ILoggerFactory logs)
{
    public async Task RunMonthlyJobsAsync(DateTimeOffset firstStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var period = BillingPeriod.MonthOf(firstStart); period.End <= now; period = BillingPeriod.MonthOf(period.End))
        {
            var monthEnd = new StoppedClock(period.End.AddHours(1));
            var payments = new LocalPaymentProvider(contexts, monthEnd);
            await new InvoicingService(contexts, payments, links, billing, monthEnd, logs.CreateLogger<InvoicingService>()).RunAsync(period, cancellationToken);
            await new PayoutService(contexts, payments, billing, monthEnd).SettleAsync(period, cancellationToken);
        }

        // The history's mails (invoices issued, cards charged) went out when their month ended: sending them at the first
        // start would mail months-old news to the demo's addresses, which are real domains when SMTP is configured.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MarkQueuedBeforeAsSentAsync(now, cancellationToken);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
