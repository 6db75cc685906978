using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

public sealed class PaymentStatusTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private readonly CapturingLoggerProvider logs = new();
    private Guid organization;
    private Invoice invoice = null!;

    private IDbContextFactory<TrustVaultDbContext> Contexts => host.Get<IDbContextFactory<TrustVaultDbContext>>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        (_, organization) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
        await host.SubscribeAsync(organization, tides.ListingId, tides.PlanIds[0]);
        invoice = new Invoice
        {
            OrganizationId = organization,
            PeriodStart = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            Number = Invoice.FormatNumber(2026, 9101),
            NumberYear = 2026,
            NumberSequence = 9101,
            Total = 30m,
            IssuedAt = host.Clock.GetUtcNow(),

            // The first attempt is with the payment provider.
            PaymentAttempts = 1,
            ChargeStartedAt = host.Clock.GetUtcNow(),
        };
        await using var db = await Contexts.CreateDbContextAsync();
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_payment_failure_heard_after_the_payment_leaves_the_invoice_paid_and_its_subscriptions_live()
    {
        await PayAsync();
        host.Clock.Advance(TimeSpan.FromHours(1));

        await DeclineAsync(attempt: 1);

        await AssertStillPaidAsync();
    }

    [Fact]
    public async Task A_decline_heard_again_for_an_attempt_already_declined_sends_no_second_mail()
    {
        await DeclineAsync(attempt: 1);
        await DeclineAsync(attempt: 1);

        await host.SendQueuedEmailAsync();
        Assert.Single(host.Emails.Sent, m => m.Subject.Contains("Payment failed", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("to attempt 1 is ignored: attempt 1 is answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_payment_of_a_paid_invoice_is_refunded_once_in_the_local_ledger_and_the_settling_one_kept()
    {
        Assert.Null(await PaidAsync(attempt: 1, "invoice-settling-1"));
        var duplicates = new[] { await PaidAsync(attempt: 2, "invoice-second-2"), await PaidAsync(attempt: 2, "invoice-second-2") };

        foreach (var duplicate in duplicates)
        {
            await PaymentStatus.RefundDuplicateAsync(
                Contexts, host.Get<IPaymentProvider>(), duplicate!, host.Clock, logs.CreateLogger("PaymentStatus"), CancellationToken.None);
        }

        await using var db = await Contexts.CreateDbContextAsync();
        var refund = Assert.Single(await db.LedgerEntries.AsNoTracking().ForOrganization(organization).Where(e => e.Kind == LedgerEntryKind.Refund).ToListAsync());
        Assert.Equal(("refund-invoice-second-2", 30m), (refund.IdempotencyKey, refund.Amount));
        var stored = await db.Invoices.AsNoTracking().ForOrganization(organization).SingleAsync(i => i.Id == invoice.Id);
        Assert.Equal((InvoiceStatus.Paid, "invoice-settling-1"), (stored.Status, stored.PaymentReference));
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Action == PaymentStatus.DuplicatePaymentRefunded && a.EntityId == invoice.Id.ToString()).ToListAsync());
    }

    private async Task<RefundRequest?> PaidAsync(int attempt, string reference)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var stored = await db.Invoices.ForOrganization(organization).SingleAsync(i => i.Id == invoice.Id);
        var refund = await PaymentStatus.RecordAnswerAsync(
            db, host.Get<NotificationLinks>(), stored, attempt, new ChargeResult(ChargeOutcome.Paid, reference),
            host.Clock.GetUtcNow(), logs.CreateLogger("PaymentStatus"), CancellationToken.None);
        await db.SaveChangesAsync();
        return refund;
    }

    private async Task PayAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var open = await db.Invoices.ForOrganization(organization).SingleAsync(i => i.Id == invoice.Id);
        await PaymentStatus.MarkPaidAsync(db, open, host.Clock.GetUtcNow(), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task DeclineAsync(int attempt)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var stored = await db.Invoices.ForOrganization(organization).SingleAsync(i => i.Id == invoice.Id);
        await PaymentStatus.RecordAnswerAsync(
            db, host.Get<NotificationLinks>(), stored, attempt, new ChargeResult(ChargeOutcome.Declined, "ch_declined", "Your card was declined."),
            host.Clock.GetUtcNow(), logs.CreateLogger("PaymentStatus"), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task AssertStillPaidAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var stored = await db.Invoices.AsNoTracking().ForOrganization(organization).SingleAsync(i => i.Id == invoice.Id);
        Assert.Equal((InvoiceStatus.Paid, (string?)null), (stored.Status, stored.FailureReason));
        Assert.NotNull(stored.PaidAt);
        var subscription = await db.Subscriptions.AsNoTracking().ForOrganization(organization).SingleAsync();
        Assert.Equal((SubscriptionStatus.Active, (DateTimeOffset?)null), (subscription.Status, subscription.PastDueSince));
        await host.SendQueuedEmailAsync();
        Assert.DoesNotContain(host.Emails.Sent, m => m.Subject.Contains("Payment failed", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains($"Invoice {invoice.Id} ({invoice.Number}) is paid", StringComparison.Ordinal));
    }
}
