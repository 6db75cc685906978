using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Gateway;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

public abstract class InvoicingServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly BillingPeriod November = BillingPeriod.MonthOf(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private string providerId = "";
    private Guid providerOrganization;
    private Guid tidesListing;
    private Guid proPlan;

    private InvoicingService Invoicing => host.Get<InvoicingService>();

    private BillingService Billing => host.Get<BillingService>();

    public async Task InitializeAsync()
    {
        // The clock starts on 1 November at 09:00 UTC.
        await host.InitializeAsync();
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Pro", MonthlyPrice = 30m, IncludedCallsPerMonth = 100, OveragePricePer1000 = 1m });
        (providerId, providerOrganization, tidesListing, proPlan) = (tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, tides.PlanIds[0]);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<(string UserId, Guid OrganizationId, Guid SubscriptionId)> CustomerAsync(string email, TestCard card, int calls)
    {
        var (userId, organization) = await host.AddCustomerAsync(email, card);
        var subscription = (await host.Get<SubscriptionService>().SubscribeAsync(userId, organization, proPlan, CancellationToken.None)).SubscriptionId;
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.UsageEvents.AddRange(Enumerable.Range(0, calls).Select(i => new UsageEvent
        {
            RequestId = $"{email}-{i}",
            At = host.Clock.GetUtcNow().AddMinutes(i),
            OrganizationId = organization,
            SubscriptionId = subscription,
            ApiKeyId = Guid.NewGuid(),
            Method = "GET",
            Route = "/tides/now",
            Status = 200,
        }));
        await db.SaveChangesAsync();
        return (userId, organization, subscription);
    }

    [Fact]
    public async Task Once_the_running_month_is_invoiced_its_estimate_no_longer_lists_the_same_charges()
    {
        var (userId, organization, _) = await CustomerAsync("estimate@example.com", TestCards.Visa, calls: 150);
        Assert.Equal([InvoiceLineKind.Fee, InvoiceLineKind.Overage], Assert.Single(await Billing.EstimateAsync(userId, organization, CancellationToken.None)).Lines.Select(l => l.Kind));

        await Invoicing.RunAsync(November, CancellationToken.None);

        Assert.Empty(await Billing.EstimateAsync(userId, organization, CancellationToken.None));
    }

    private async Task<List<LedgerEntry>> LedgerAsync()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.LedgerEntries.ToListAsync();
    }

    [Fact]
    public async Task An_invoice_bills_the_prorated_fee_and_the_overage_and_is_paid_with_the_card_on_file()
    {
        var (userId, organization, _) = await CustomerAsync("globex@example.com", TestCards.Visa, calls: 250);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

        var run = await Invoicing.RunAsync(BillingPeriod.PreviousTo(host.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal((1, 1, 0), (run.Issued, run.Paid, run.Declined));
        var summary = Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, CancellationToken.None)).Items);
        var invoice = await Billing.GetInvoiceAsync(userId, organization, summary.Id, CancellationToken.None);
        // Subscribed at 09:00 on 1 November: (30 days − 9 h) / 30 days of $30 = $29.625 → $29.63; 150 calls over 100 → one block of $1.
        Assert.Equal([29.63m, 1.00m], invoice.Lines.Select(l => l.Amount));
        Assert.Equal((30.63m, InvoiceStatus.Paid, "TV-2026-000001"), (invoice.Total, invoice.Status, invoice.Number));
        Assert.Equal(30.63m, Assert.Single(await LedgerAsync()).Amount);
    }

    [Fact]
    public async Task Running_the_job_again_or_concurrently_gives_one_invoice_and_one_charge()
    {
        await CustomerAsync("globex@example.com", TestCards.Visa, calls: 10);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Invoicing.RunAsync(November, CancellationToken.None))));
        var again = await Invoicing.RunAsync(November, CancellationToken.None);

        Assert.Equal((0, 1), (again.Issued, again.AlreadyIssued));
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Single(await db.Invoices.ToListAsync());
        Assert.Single(await LedgerAsync());
    }

    [Fact]
    public async Task Invoice_numbers_are_sequential_within_each_year()
    {
        await CustomerAsync("a@example.com", TestCards.Visa, calls: 0);
        await CustomerAsync("b@example.com", TestCards.Visa, calls: 0);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await Invoicing.RunAsync(November, CancellationToken.None);
        host.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 2, 0, 0, TimeSpan.Zero));
        await Invoicing.RunAsync(BillingPeriod.PreviousTo(host.Clock.GetUtcNow()), CancellationToken.None);

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var numbers = await db.Invoices.OrderBy(i => i.IssuedAt).ThenBy(i => i.NumberSequence).Select(i => i.Number).ToListAsync();
        Assert.Equal(["TV-2026-000001", "TV-2026-000002", "TV-2027-000001", "TV-2027-000002"], numbers);
    }

    [Fact]
    public async Task The_customer_is_mailed_the_issued_invoice_and_a_failed_payment()
    {
        await CustomerAsync("globex@example.com", TestCards.Declined, calls: 0);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

        await Invoicing.RunAsync(November, CancellationToken.None);
        await host.SendQueuedEmailAsync();

        var issued = Assert.Single(host.Emails.Sent, m => m.Subject == "[globex@example.com's organization] TrustVault invoice TV-2026-000001 for November 2026");
        var failed = Assert.Single(host.Emails.Sent, m => m.Subject == "[globex@example.com's organization] Payment failed for TrustVault invoice TV-2026-000001");
        Assert.Equal(("globex@example.com", "globex@example.com"), (issued.To, failed.To));
        Assert.Contains("Period: November 2026", issued.TextBody, StringComparison.Ordinal);
        Assert.Contains("Total: 29.63 USD", failed.TextBody, StringComparison.Ordinal);
        Assert.Contains("•••• 0002 on file", issued.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invoice_without_a_card_on_file_waits_for_payment_with_one_mail_and_no_payment_failure()
    {
        var (userId, organization) = await CustomerWithoutCardAsync("globex@example.com", November.Start.AddHours(9));
        host.Clock.SetUtcNow(November.End.AddHours(2));

        var run = await Invoicing.RunAsync(November, CancellationToken.None);
        await host.SendQueuedEmailAsync();

        Assert.Equal((1, 0, 0), (run.Issued, run.Paid, run.Declined));
        var invoice = Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, CancellationToken.None)).Items);
        Assert.Equal((29.63m, InvoiceStatus.Open), (invoice.Total, invoice.Status));
        var mail = Assert.Single(host.Emails.Sent);
        Assert.Contains("No card is on file, so it is not charged", mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(await LedgerAsync());
        // An open invoice leaves the subscription live, as one awaiting the provider's answer does.
        Assert.Equal((SubscriptionStatus.Active, (DateTimeOffset?)null), await SubscriptionStatusAsync(organization));
        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() => Billing.PayInvoiceAsync(userId, organization, invoice.Id, CancellationToken.None));
        Assert.Equal("Add a card in Billing, then pay the invoice.", refusal.Message);

        await Billing.SaveTestCardAsync(userId, organization, TestCards.Visa, CancellationToken.None);
        Assert.Equal(InvoiceStatus.Paid, await Billing.PayInvoiceAsync(userId, organization, invoice.Id, CancellationToken.None));
        Assert.Equal(29.63m, Assert.Single(await LedgerAsync()).Amount);
    }

    [Fact]
    public async Task An_invoice_of_nothing_is_settled_without_a_charge_with_or_without_a_card()
    {
        // Subscribed in November's last minute: 60 s of a 30-day month of $30 is $0.0007, invoiced as 0.00.
        var lastMinute = November.End.AddMinutes(-1);
        var (userId, organization) = await CustomerWithoutCardAsync("globex@example.com", lastMinute);
        var (_, cardedOrganization) = await host.AddCustomerAsync("initech@example.com", TestCards.Visa);
        await host.SubscribeAsync(cardedOrganization, tidesListing, proPlan);
        host.Clock.SetUtcNow(November.End.AddHours(2));

        var run = await Invoicing.RunAsync(November, CancellationToken.None);
        await host.SendQueuedEmailAsync();

        Assert.Equal((2, 2, 0), (run.Issued, run.Paid, run.Declined));
        var invoice = await Billing.GetInvoiceAsync(userId, organization, Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, CancellationToken.None)).Items).Id, CancellationToken.None);
        Assert.Equal((0m, InvoiceStatus.Paid, host.Clock.GetUtcNow()), (invoice.Total, invoice.Status, invoice.PaidAt));
        Assert.Empty(await LedgerAsync());
        Assert.Equal(2, host.Emails.Sent.Count);
        Assert.All(host.Emails.Sent, m => Assert.Contains("There is nothing to pay.", m.TextBody, StringComparison.Ordinal));
        Assert.Equal((SubscriptionStatus.Active, (DateTimeOffset?)null), await SubscriptionStatusAsync(organization));
    }

    /// <summary>A customer with no card on file, subscribed to Pro at <paramref name="at"/> directly (subscribing to a paid plan asks for a card).</summary>
    private async Task<(string UserId, Guid OrganizationId)> CustomerWithoutCardAsync(string email, DateTimeOffset at)
    {
        var user = await host.AddUserAsync(email);
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        host.Clock.SetUtcNow(at);
        await host.SubscribeAsync(organization, tidesListing, proPlan);
        return (user.Id, organization);
    }

    private async Task<(SubscriptionStatus Status, DateTimeOffset? PastDueSince)> SubscriptionStatusAsync(Guid organization)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var subscription = await db.Subscriptions.AsNoTracking().ForOrganization(organization).SingleAsync();
        return (subscription.Status, subscription.PastDueSince);
    }

    [Fact]
    public async Task A_declined_charge_makes_the_subscription_past_due_then_402_after_the_grace_period_until_paid()
    {
        var (userId, organization, _) = await CustomerAsync("globex@example.com", TestCards.Declined, calls: 0);
        var key = await host.Get<ApiKeyService>().CreateAsync(userId, organization, "server", null, false, CancellationToken.None);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

        var run = await Invoicing.RunAsync(November, CancellationToken.None);

        Assert.Equal(1, run.Declined);
        var invoiceId = Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, CancellationToken.None)).Items).Id;
        var resolver = host.Get<GatewayAccessResolver>();
        Assert.True((await resolver.ResolveAsync(key.Secret, "tides", CancellationToken.None)).Granted);
        host.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(AccessRefusal.PaymentRequired, (await resolver.ResolveAsync(key.Secret, "tides", CancellationToken.None)).Refusal);

        await Billing.SaveTestCardAsync(userId, organization, TestCards.Visa, CancellationToken.None);
        Assert.Equal(InvoiceStatus.Paid, await Billing.PayInvoiceAsync(userId, organization, invoiceId, CancellationToken.None));
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await resolver.ResolveAsync(key.Secret, "tides", CancellationToken.None)).Granted);
        Assert.Equal([LedgerEntryKind.DeclinedCharge, LedgerEntryKind.Charge], (await LedgerAsync()).OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_customer_sees_only_its_own_invoices()
    {
        var (userId, organization, _) = await CustomerAsync("globex@example.com", TestCards.Visa, calls: 0);
        var (strangerId, strangerOrganization, _) = await CustomerAsync("initech@example.com", TestCards.Visa, calls: 0);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await Invoicing.RunAsync(November, CancellationToken.None);
        var invoiceId = Assert.Single((await Billing.ListInvoicesAsync(userId, organization, 0, 20, CancellationToken.None)).Items).Id;

        await Assert.ThrowsAsync<NotFoundException>(() => Billing.GetInvoiceAsync(strangerId, strangerOrganization, invoiceId, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Billing.GetInvoiceAsync(strangerId, organization, invoiceId, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Billing.PayInvoiceAsync(strangerId, strangerOrganization, invoiceId, CancellationToken.None));
        Assert.DoesNotContain(invoiceId, (await Billing.ListInvoicesAsync(strangerId, strangerOrganization, 0, 20, CancellationToken.None)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Providers_are_paid_their_share_of_paid_invoices_once()
    {
        await CustomerAsync("globex@example.com", TestCards.Visa, calls: 250);
        await CustomerAsync("initech@example.com", TestCards.Declined, calls: 0);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await Invoicing.RunAsync(November, CancellationToken.None);

        await host.Get<PayoutService>().SettleAsync(November, CancellationToken.None);
        await host.Get<PayoutService>().SettleAsync(November, CancellationToken.None);

        // Only Globex's paid $30.63 counts: the fee is 20% = $6.13 (6.126 rounded), the provider gets $24.50.
        var earnings = await host.Get<EarningsService>().ForProviderAsync(providerId, providerOrganization, CancellationToken.None);
        var payout = Assert.Single(earnings.Payouts);
        Assert.Equal((30.63m, 6.13m, 24.50m, PayoutStatus.Paid), (payout.Gross, payout.PlatformFee, payout.Net, payout.Status));
        Assert.Equal(30.63m, Assert.Single(earnings.Listings).Gross);
        Assert.Single(await LedgerAsync(), e => e.Kind == LedgerEntryKind.Payout);
        await Assert.ThrowsAsync<NotFoundException>(async () =>
        {
            var stranger = await host.AddUserAsync("stranger@example.com");
            await host.Get<EarningsService>().ForProviderAsync(stranger.Id, providerOrganization, CancellationToken.None);
        });
    }

    [Fact]
    public async Task The_earnings_per_listing_add_up_to_the_payouts()
    {
        var waves = await host.Get<ListingService>().CreateAsync(providerId, providerOrganization, new ListingInput
        {
            Name = "Waves",
            Slug = "waves",
            Summary = "Waves",
            Category = "Weather",
            UpstreamBaseUrl = "https://waves.example.com",
        }, CancellationToken.None);
        var wavesPlan = await host.Get<ListingService>().AddPlanAsync(providerId, providerOrganization, waves, new PlanInput { Name = "Pro", MonthlyPrice = 30m }, CancellationToken.None);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Listings.Where(l => l.Id == waves).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.Published));
        }

        await host.SubscribeAsync((await host.AddCustomerAsync("a@example.com", TestCards.Visa)).OrganizationId, tidesListing, proPlan);
        await host.SubscribeAsync((await host.AddCustomerAsync("b@example.com", TestCards.Visa)).OrganizationId, waves, wavesPlan);
        foreach (var month in new[] { November, BillingPeriod.MonthOf(November.End) })
        {
            host.Clock.SetUtcNow(month.End.AddHours(2));
            await Invoicing.RunAsync(month, CancellationToken.None);
            await host.Get<PayoutService>().SettleAsync(month, CancellationToken.None);
        }

        // Each listing earns $29.63 in November (from 09:00 on the 1st) and $30 in December. Fees rounded per listing would
        // be 20% of $59.63 = $11.93 each, a cent more in all than November's payout fee (20% of $59.26 = $11.85) and
        // December's ($12.00).
        var earnings = await host.Get<EarningsService>().ForProviderAsync(providerId, providerOrganization, CancellationToken.None);
        Assert.Equal([(60.00m, 12.00m, 48.00m), (59.26m, 11.85m, 47.41m)], earnings.Payouts.Select(p => (p.Gross, p.PlatformFee, p.Net)));
        Assert.Equal(
            (earnings.Payouts.Sum(p => p.Gross), earnings.Payouts.Sum(p => p.PlatformFee), earnings.Payouts.Sum(p => p.Net)),
            (earnings.Listings.Sum(l => l.Gross), earnings.Listings.Sum(l => l.PlatformFee), earnings.Listings.Sum(l => l.Net)));
    }

    [Fact]
    public async Task An_invoice_paid_after_its_months_payout_is_paid_out_once_by_the_next_run()
    {
        await CustomerAsync("globex@example.com", TestCards.Visa, calls: 0);
        var (lateId, late, _) = await CustomerAsync("initech@example.com", TestCards.Declined, calls: 0);
        host.Clock.SetUtcNow(November.End.AddHours(2));
        await Invoicing.RunAsync(November, CancellationToken.None);
        await host.Get<PayoutService>().SettleAsync(November, CancellationToken.None);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero));
        await Billing.SaveTestCardAsync(lateId, late, TestCards.Visa, CancellationToken.None);
        var invoice = Assert.Single((await Billing.ListInvoicesAsync(lateId, late, 0, 20, CancellationToken.None)).Items);
        Assert.Equal(InvoiceStatus.Paid, await Billing.PayInvoiceAsync(lateId, late, invoice.Id, CancellationToken.None));

        var december = BillingPeriod.MonthOf(November.End);
        host.Clock.SetUtcNow(december.End.AddHours(2));
        await Invoicing.RunAsync(december, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => host.Get<PayoutService>().SettleAsync(december, CancellationToken.None))));
        await host.Get<PayoutService>().SettleAsync(december, CancellationToken.None);

        // November: $29.63 paid on time, paid out on 1 December (fee 20% = $5.93); Initech's $29.63 paid on 10 December is
        // paid out on 1 January, its fee the rest of 20% of November's $59.26 ($11.85). December: $60, both paid on time.
        var earnings = await host.Get<EarningsService>().ForProviderAsync(providerId, providerOrganization, CancellationToken.None);
        Assert.Equal(
            [(december.Start, false, 60.00m, 12.00m, 48.00m), (November.Start, true, 29.63m, 5.92m, 23.71m), (November.Start, false, 29.63m, 5.93m, 23.70m)],
            earnings.Payouts.Select(p => (p.PeriodStart, p.FollowUp, p.Gross, p.PlatformFee, p.Net)));
        Assert.All(earnings.Payouts, p => Assert.Equal(PayoutStatus.Paid, p.Status));
        Assert.Equal(
            [23.70m, 23.71m, 48.00m],
            (await LedgerAsync()).Where(e => e.Kind == LedgerEntryKind.Payout).OrderBy(e => e.At).ThenBy(e => e.Amount).Select(e => e.Amount));
        Assert.Equal(
            (earnings.Payouts.Sum(p => p.Gross), earnings.Payouts.Sum(p => p.PlatformFee), earnings.Payouts.Sum(p => p.Net)),
            (earnings.Listings.Sum(l => l.Gross), earnings.Listings.Sum(l => l.PlatformFee), earnings.Listings.Sum(l => l.Net)));
    }

    public sealed class OnSqlite() : InvoicingServiceTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : InvoicingServiceTests(DatabaseProvider.PostgreSql);
}
