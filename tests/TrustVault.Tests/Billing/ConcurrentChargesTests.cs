using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

/// <summary>
/// Two attempts to collect one invoice at once (the monthly run's charge and the customer's Pay now, or two clicks of
/// Pay now): the payment provider is asked once, the invoice is paid once with that charge's reference, and the other
/// attempt is told the payment is under way; on a real SQLite file and a real PostgreSQL database.
/// </summary>
public abstract class ConcurrentChargesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly BillingPeriod November = BillingPeriod.MonthOf(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private readonly CoreTestHost host = CoreTestHost.On(provider, services =>
    {
        services.AddSingleton<LocalPaymentProvider>();
        services.AddSingleton<HeldPayments>();
        services.Replace(ServiceDescriptor.Singleton<IPaymentProvider>(s => s.GetRequiredService<HeldPayments>()));
    });

    private PublishedListing tides = null!;

    private HeldPayments Payments => host.Get<HeldPayments>();

    private BillingService Billing => host.Get<BillingService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(new PlanInput { Name = "Pro", MonthlyPrice = 30m });
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Pay_now_while_the_monthly_run_charges_the_invoice_does_not_charge_it_again()
    {
        var (userId, organization) = await CustomerAsync(TestCards.Visa);
        host.Clock.SetUtcNow(November.End.AddHours(2));

        Payments.HoldNextCharge();
        var run = Task.Run(() => host.Get<InvoicingService>().RunAsync(November, None));
        await Payments.HeldAsync();
        var invoiceId = Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, None)).Items).Id;
        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() => Billing.PayInvoiceAsync(userId, organization, invoiceId, None));
        Payments.Release();

        Assert.Equal(1, (await run).Paid);
        Assert.Contains("under way", refusal.Message, StringComparison.Ordinal);
        await AssertPaidOnceAsync(invoiceId);
    }

    [Fact]
    public async Task Two_clicks_of_pay_now_charge_a_declined_invoice_once()
    {
        var (userId, organization) = await CustomerAsync(TestCards.Declined);
        host.Clock.SetUtcNow(November.End.AddHours(2));
        Assert.Equal(1, (await host.Get<InvoicingService>().RunAsync(November, None)).Declined);
        var invoiceId = Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, None)).Items).Id;
        await Billing.SaveTestCardAsync(userId, organization, TestCards.Visa, None);

        Payments.HoldNextCharge();
        var first = Task.Run(() => Billing.PayInvoiceAsync(userId, organization, invoiceId, None));
        await Payments.HeldAsync();
        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() => Billing.PayInvoiceAsync(userId, organization, invoiceId, None));
        Payments.Release();

        Assert.Equal(InvoiceStatus.Paid, await first);
        Assert.Contains("under way", refusal.Message, StringComparison.Ordinal);
        await AssertPaidOnceAsync(invoiceId, earlierDeclines: 1);
    }

    [Fact]
    public async Task A_charge_the_provider_never_answered_is_asked_again_under_its_own_key()
    {
        var (userId, organization) = await CustomerAsync(TestCards.Visa);
        host.Clock.SetUtcNow(November.End.AddHours(2));

        Payments.FailNextCharge();
        await Assert.ThrowsAsync<UnavailableException>(() => host.Get<InvoicingService>().RunAsync(November, None));
        var invoiceId = Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, None)).Items).Id;

        Assert.Equal(InvoiceStatus.Paid, await Billing.PayInvoiceAsync(userId, organization, invoiceId, None));
        await using var db = await CreateDbContextAsync();
        var invoice = await db.Invoices.AsNoTracking().AcrossOrganizations().SingleAsync(i => i.Id == invoiceId);
        Assert.Equal((1, $"invoice-{invoiceId:N}-1"), (invoice.PaymentAttempts, invoice.PaymentReference));
    }

    private async Task<(string UserId, Guid OrganizationId)> CustomerAsync(TestCard card)
    {
        var (userId, organization) = await host.AddCustomerAsync("customer@example.com", card);
        await host.SubscribeAsync(organization, tides.ListingId, tides.PlanIds[0]);
        return (userId, organization);
    }

    /// <summary>One charge asked of the provider after <paramref name="earlierDeclines"/>, the invoice paid by it, its provider paid out once.</summary>
    private async Task AssertPaidOnceAsync(Guid invoiceId, int earlierDeclines = 0)
    {
        await host.Get<PayoutService>().SettleAsync(November, None);
        await using var db = await CreateDbContextAsync();
        var invoice = await db.Invoices.AsNoTracking().AcrossOrganizations().SingleAsync(i => i.Id == invoiceId);
        var ledger = await db.LedgerEntries.AsNoTracking().AcrossOrganizations().ToListAsync();
        var charge = Assert.Single(ledger, e => e.Kind == LedgerEntryKind.Charge);
        Assert.Equal(earlierDeclines + 1, Payments.Charges);
        Assert.Equal((InvoiceStatus.Paid, charge.IdempotencyKey, earlierDeclines + 1), (invoice.Status, invoice.PaymentReference, invoice.PaymentAttempts));
        Assert.Single(ledger, e => e.Kind == LedgerEntryKind.Payout);
    }

    private Task<TrustVaultDbContext> CreateDbContextAsync() => host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    /// <summary>The local ledger, able to hold a charge on its way to it until released, or to be unreachable for one charge.</summary>
    private sealed class HeldPayments(LocalPaymentProvider ledger) : IPaymentProvider
    {
        private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int charges;
        private int holdNext;
        private int failNext;

        public int Charges => Volatile.Read(ref charges);

        public bool IsTestMode => true;

        public void HoldNextCharge() => Volatile.Write(ref holdNext, 1);

        public void FailNextCharge() => Volatile.Write(ref failNext, 1);

        /// <summary>Until the held charge has reached the provider.</summary>
        public Task HeldAsync() => held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Release() => released.TrySetResult();

        public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref charges);
            if (Interlocked.Exchange(ref failNext, 0) == 1)
            {
                throw new UnavailableException("The payment provider cannot be reached just now.");
            }

            if (Interlocked.Exchange(ref holdNext, 0) == 1)
            {
                held.TrySetResult();
                await released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return await ledger.ChargeAsync(request, cancellationToken);
        }

        public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken) => ledger.StartCheckoutAsync(request, cancellationToken);

        public Task<PayoutResult> PayOutAsync(PayoutRequest request, CancellationToken cancellationToken) => ledger.PayOutAsync(request, cancellationToken);

        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => ledger.RefundAsync(request, cancellationToken);

        public Task<string?> PaymentMethodsUrlAsync(Guid organizationId, CancellationToken cancellationToken) => ledger.PaymentMethodsUrlAsync(organizationId, cancellationToken);
    }

    public sealed class OnSqlite() : ConcurrentChargesTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : ConcurrentChargesTests(DatabaseProvider.PostgreSql);
}
