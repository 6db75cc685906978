using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Subscriptions;

public sealed class SubscriptionServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private Guid freePlan;
    private Guid proPlan;
    private Guid meteredPlan;
    private Guid teamPlan;
    private Guid plusPlan;
    private string customerId = "";
    private Guid customerOrganization;

    private SubscriptionService Subscriptions => host.Get<SubscriptionService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        var tides = await host.PublishTidesAsync(
            new PlanInput { Name = "Free" }, new PlanInput { Name = "Pro", MonthlyPrice = 20m, TrialDays = 7 },
            new PlanInput { Name = "Metered", IncludedCallsPerMonth = 0, OveragePricePer1000 = 2m },
            new PlanInput { Name = "Team", MonthlyPrice = 299m }, new PlanInput { Name = "Plus", MonthlyPrice = 30m, TrialDays = 3 });
        (freePlan, proPlan, meteredPlan, teamPlan, plusPlan) = (tides.PlanIds[0], tides.PlanIds[1], tides.PlanIds[2], tides.PlanIds[3], tides.PlanIds[4]);

        var customer = await host.AddUserAsync("customer@example.com");
        customerId = customer.Id;
        customerOrganization = await host.Get<OrganizationService>().CreateAsync(customerId, "Customer team", CancellationToken.None);
        await host.Get<BillingService>().SaveTestCardAsync(customerId, customerOrganization, TestCards.Visa, CancellationToken.None);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_trial_plan_starts_trialing_and_one_live_subscription_per_api_is_allowed()
    {
        await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None);

        var subscription = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal(SubscriptionStatus.Trialing, subscription.Status);
        Assert.Equal(host.Clock.GetUtcNow().AddDays(7), subscription.TrialEndsAt);
        await Assert.ThrowsAsync<InvalidInputException>(() => Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None));
    }

    [Fact]
    public async Task A_quote_starts_nothing_and_its_first_charge_is_what_the_invoice_says()
    {
        var quote = await host.Get<BillingService>().QuoteAsync(customerId, customerOrganization, proPlan, CancellationToken.None);

        Assert.Empty(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal((PlanQuoteKind.NewSubscription, host.Clock.GetUtcNow().AddDays(7)), (quote.Kind, quote.TrialEndsAt!.Value));
        await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None);
        var november = BillingPeriod.MonthOf(host.Clock.GetUtcNow());
        host.Clock.Advance(november.End - host.Clock.GetUtcNow());
        await host.Get<InvoicingService>().RunAsync(november, CancellationToken.None);

        var invoice = Assert.Single((await host.Get<BillingService>().ListInvoicesAsync(customerId, customerOrganization, 0, 10, CancellationToken.None)).Items);
        Assert.Equal((november.End, quote.FirstChargeAmount), (quote.FirstChargeAt!.Value, invoice.Total));
    }

    [Fact]
    public async Task A_quote_for_a_plan_of_a_subscribed_api_is_a_change_of_plan()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;

        var quote = await host.Get<BillingService>().QuoteAsync(customerId, customerOrganization, proPlan, CancellationToken.None);

        Assert.Equal((PlanQuoteKind.Upgrade, id, "Free"), (quote.Kind, quote.SubscriptionId!.Value, quote.CurrentPlanName));
        Assert.Equal("Free", (await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).Single().PlanName);
        await Assert.ThrowsAsync<InvalidInputException>(() => host.Get<BillingService>().QuoteAsync(customerId, customerOrganization, freePlan, CancellationToken.None));
    }

    [Fact]
    public async Task An_ended_subscription_cannot_change_plan()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;
        var endsAt = await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);
        host.Clock.Advance(endsAt - host.Clock.GetUtcNow());

        var refused = await Assert.ThrowsAsync<InvalidInputException>(
            () => Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, proPlan, CancellationToken.None));

        Assert.Contains("Subscription", refused.Errors.Keys);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var unchanged = await db.Subscriptions.SingleAsync(s => s.Id == id);
        Assert.Equal((freePlan, (Guid?)null), (unchanged.PlanId, unchanged.PendingPlanId));
    }

    [Fact]
    public async Task A_paid_plan_needs_a_payment_method_on_file()
    {
        var stranger = await host.AddUserAsync("nocard@example.com");
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(stranger.Id, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Subscriptions.SubscribeAsync(stranger.Id, organization, proPlan, CancellationToken.None));
        Assert.Contains("PaymentMethod", error.Errors.Keys);

        await host.Get<BillingService>().SaveTestCardAsync(stranger.Id, organization, TestCards.Visa, CancellationToken.None);
        var result = await Subscriptions.SubscribeAsync(stranger.Id, organization, proPlan, CancellationToken.None);
        Assert.Null(result.CheckoutUrl);
    }

    [Fact]
    public async Task A_plan_without_a_fee_that_bills_every_call_is_a_paid_plan()
    {
        var stranger = await host.AddUserAsync("metered@example.com");
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(stranger.Id, CancellationToken.None);

        Assert.True((await host.Get<BillingService>().QuoteAsync(stranger.Id, organization, meteredPlan, CancellationToken.None)).IsPaid);
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Subscriptions.SubscribeAsync(stranger.Id, organization, meteredPlan, CancellationToken.None));
        Assert.Contains("PaymentMethod", error.Errors.Keys);
    }

    [Fact]
    public async Task A_new_subscriber_raises_the_listings_popularity_in_the_catalog()
    {
        await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None);

        var hit = host.Get<CatalogSearchIndex>().Search(new CatalogQuery { Text = "tides" }).Hits.Single();
        Assert.Equal(1, hit.Document.Popularity);
    }

    [Fact]
    public async Task A_canceled_subscription_serves_until_the_end_of_its_period()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;

        await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);
        Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));

        host.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Empty(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
    }

    [Fact]
    public async Task A_subscription_past_its_trial_reads_active_with_no_trial_end()
    {
        await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None);

        host.Clock.Advance(TimeSpan.FromDays(7));

        var subscription = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal((SubscriptionStatus.Active, (DateTimeOffset?)null), (subscription.Status, subscription.TrialEndsAt));
    }

    [Fact]
    public async Task A_canceled_trial_ends_with_its_trial_and_is_never_charged()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None)).SubscriptionId;
        var trialEnd = host.Clock.GetUtcNow().AddDays(7);
        Assert.Equal(trialEnd, Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).CancellationEndsAt);

        await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);

        Assert.Equal(trialEnd, Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).CancelsAt);
        var november = BillingPeriod.MonthOf(host.Clock.GetUtcNow());
        host.Clock.Advance(november.End - host.Clock.GetUtcNow());
        Assert.Empty(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        await host.Get<InvoicingService>().RunAsync(november, CancellationToken.None);
        Assert.Empty((await host.Get<BillingService>().ListInvoicesAsync(customerId, customerOrganization, 0, 10, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Upgrades_apply_now_and_downgrades_at_the_period_end()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;

        Assert.True(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, proPlan, CancellationToken.None));
        Assert.Equal("Pro", (await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).Single().PlanName);

        Assert.False(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, freePlan, CancellationToken.None));
        var pending = (await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).Single();
        Assert.Equal(("Pro", "Free"), (pending.PlanName, pending.PendingPlanName));
    }

    [Fact]
    public async Task A_trial_moved_to_a_cheaper_plan_moves_when_the_trial_ends_and_is_never_charged_at_the_plan_it_left()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None)).SubscriptionId;
        var trialEnd = host.Clock.GetUtcNow().AddDays(7);
        var quote = await host.Get<BillingService>().QuoteAsync(customerId, customerOrganization, freePlan, CancellationToken.None);
        Assert.Equal((PlanQuoteKind.Downgrade, trialEnd), (quote.Kind, quote.AppliesAt));

        Assert.False(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, freePlan, CancellationToken.None));

        var november = BillingPeriod.MonthOf(host.Clock.GetUtcNow());
        host.Clock.Advance(november.End - host.Clock.GetUtcNow());
        Assert.Equal("Free", Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).PlanName);
        await host.Get<InvoicingService>().RunAsync(november, CancellationToken.None);
        Assert.Empty((await host.Get<BillingService>().ListInvoicesAsync(customerId, customerOrganization, 0, 10, CancellationToken.None)).Items);

        // The change in force, the plan it left is another plan again.
        Assert.True(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, proPlan, CancellationToken.None));
        Assert.Equal("Pro", Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).PlanName);
    }

    [Fact]
    public async Task Developers_may_take_free_plans_but_not_paid_ones()
    {
        var developer = await host.AddUserAsync("dev@example.com");
        var invitation = await host.Get<OrganizationService>().InviteAsync(customerId, customerOrganization, "dev@example.com", OrganizationRole.Developer, t => t, CancellationToken.None);
        await host.Get<OrganizationService>().AcceptInvitationAsync(developer.Id, invitation.Token, CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<ForbiddenException>(() => Subscriptions.SubscribeAsync(developer.Id, customerOrganization, proPlan, CancellationToken.None));
        Assert.StartsWith("Only an Owner or a Billing member", refusal.Message, StringComparison.Ordinal);
        var free = (await Subscriptions.SubscribeAsync(developer.Id, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;

        // Nor move a paid subscription down: the owner's Pro stays Pro.
        await Subscriptions.ChangePlanAsync(customerId, customerOrganization, free, proPlan, CancellationToken.None);
        await Assert.ThrowsAsync<ForbiddenException>(() => Subscriptions.ChangePlanAsync(developer.Id, customerOrganization, free, freePlan, CancellationToken.None));
    }

    [Fact]
    public async Task Another_organization_cannot_cancel_or_change_the_subscription()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;
        var stranger = await host.AddUserAsync("stranger@example.com");
        var strangerOrganization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(stranger.Id, CancellationToken.None);

        await Assert.ThrowsAsync<NotFoundException>(() => Subscriptions.CancelAsync(stranger.Id, strangerOrganization, id, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Subscriptions.ChangePlanAsync(stranger.Id, strangerOrganization, id, proPlan, CancellationToken.None));
        Assert.Empty(await Subscriptions.ListAsync(stranger.Id, strangerOrganization, CancellationToken.None));
    }

    [Fact]
    public async Task A_trial_ends_on_moving_to_a_plan_without_one_which_is_charged_from_the_move()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None)).SubscriptionId;
        host.Clock.Advance(TimeSpan.FromDays(2));

        var quote = await host.Get<BillingService>().QuoteAsync(customerId, customerOrganization, teamPlan, CancellationToken.None);
        Assert.True(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, teamPlan, CancellationToken.None));

        Assert.Equal((PlanQuoteKind.Upgrade, (DateTimeOffset?)null), (quote.Kind, quote.TrialEndsAt));
        var team = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal((SubscriptionStatus.Active, (DateTimeOffset?)null), (team.Status, team.TrialEndsAt));
        var november = BillingPeriod.MonthOf(host.Clock.GetUtcNow());
        host.Clock.Advance(november.End - host.Clock.GetUtcNow());
        await host.Get<InvoicingService>().RunAsync(november, CancellationToken.None);
        var invoice = Assert.Single((await host.Get<BillingService>().ListInvoicesAsync(customerId, customerOrganization, 0, 10, CancellationToken.None)).Items);
        Assert.Equal(quote.ProratedAmount, invoice.Total);
        Assert.Equal(Math.Round(299m * 27.625m / 30m, 2), invoice.Total);
    }

    [Fact]
    public async Task A_trial_moved_to_another_trial_plan_keeps_what_is_left_of_it_up_to_the_new_plans_trial()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None)).SubscriptionId;
        host.Clock.Advance(TimeSpan.FromDays(1));

        Assert.True(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, plusPlan, CancellationToken.None));

        var plus = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal((SubscriptionStatus.Trialing, host.Clock.GetUtcNow().AddDays(3)), (plus.Status, plus.TrialEndsAt!.Value));
    }

    [Fact]
    public async Task An_organization_gets_one_trial_per_api()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None)).SubscriptionId;
        var endsAt = await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);
        host.Clock.Advance(endsAt - host.Clock.GetUtcNow());

        var quote = await host.Get<BillingService>().QuoteAsync(customerId, customerOrganization, proPlan, CancellationToken.None);
        await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None);

        Assert.Null(quote.TrialEndsAt);
        var again = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal((SubscriptionStatus.Active, (DateTimeOffset?)null), (again.Status, again.TrialEndsAt));
    }

    [Fact]
    public async Task A_canceled_trial_that_outlasts_the_month_ends_with_the_trial()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None)).SubscriptionId;

        var endsAt = await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero), endsAt);
    }

    [Fact]
    public async Task A_trial_made_past_due_by_a_failed_payment_is_a_trial_again_once_paid()
    {
        await Subscriptions.SubscribeAsync(customerId, customerOrganization, proPlan, CancellationToken.None);
        var invoice = new Invoice
        {
            OrganizationId = customerOrganization,
            PeriodStart = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            Number = Invoice.FormatNumber(2026, 9001),
            NumberYear = 2026,
            NumberSequence = 9001,
            Total = 12m,
            IssuedAt = host.Clock.GetUtcNow(),
            PaymentAttempts = 1,
            ChargeStartedAt = host.Clock.GetUtcNow(),
        };
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.Invoices.Add(invoice);
            await PaymentStatus.RecordAnswerAsync(
                db, host.Get<NotificationLinks>(), invoice, 1, new ChargeResult(ChargeOutcome.Declined, null, "declined"), host.Clock.GetUtcNow(), NullLogger.Instance, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        Assert.Equal(SubscriptionStatus.PastDue, Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).Status);
        Assert.Equal(InvoiceStatus.Paid, await host.Get<BillingService>().PayInvoiceAsync(customerId, customerOrganization, invoice.Id, CancellationToken.None));

        Assert.Equal(SubscriptionStatus.Trialing, Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Canceling_withdraws_a_scheduled_downgrade_and_keeping_the_subscription_then_keeps_its_plan()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, teamPlan, CancellationToken.None)).SubscriptionId;
        Assert.False(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, freePlan, CancellationToken.None));

        var endsAt = await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);

        var canceled = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal((endsAt, (string?)null, (DateTimeOffset?)null), (canceled.CancelsAt!.Value, canceled.PendingPlanName, canceled.PendingPlanAt));

        await Subscriptions.WithdrawScheduledChangeAsync(customerId, customerOrganization, id, CancellationToken.None);

        var kept = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal(("Team", (DateTimeOffset?)null, (string?)null), (kept.PlanName, kept.CancelsAt, kept.PendingPlanName));
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var term = Assert.Single(await db.SubscriptionTerms.Where(t => t.SubscriptionId == id).ToListAsync());
        Assert.Equal((teamPlan, (DateTimeOffset?)null), (term.PlanId, term.To));
    }

    [Fact]
    public async Task A_canceled_subscription_cannot_change_plan_before_it_ends()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;
        await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(
            () => Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, proPlan, CancellationToken.None));
        var quoteRefused = await Assert.ThrowsAsync<InvalidInputException>(
            () => host.Get<BillingService>().QuoteChangeAsync(customerId, customerOrganization, id, proPlan, CancellationToken.None));

        Assert.Contains("Subscription", refused.Errors.Keys);
        Assert.Contains("Subscription", quoteRefused.Errors.Keys);
        var unchanged = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal(("Free", (string?)null), (unchanged.PlanName, unchanged.PendingPlanName));
    }

    [Fact]
    public async Task Canceling_a_canceled_subscription_again_changes_and_tells_nothing()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint
            {
                OrganizationId = customerOrganization,
                Url = "https://hooks.example.com/tv",
                Events = WebhookEventTypes.SubscriptionCanceled,
                ProtectedSecret = "not used: nothing is delivered here",
            });
            await db.SaveChangesAsync();
        }

        var first = await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);

        Assert.Equal(first, second);
        await using var check = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Single(await check.WebhookEvents.AsNoTracking().ForOrganization(customerOrganization).Where(e => e.Type == WebhookEventTypes.SubscriptionCanceled).ToListAsync());
        Assert.Single(await check.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == customerOrganization && e.Action == "subscription.canceled").ToListAsync());
    }
    [Fact]
    public async Task A_withdrawn_downgrade_keeps_the_plan_after_the_period_and_it_is_invoiced()
    {
        await ListenToWebhooksAsync();
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, teamPlan, CancellationToken.None)).SubscriptionId;
        Assert.False(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, freePlan, CancellationToken.None));
        // Events' ids order them by time: a later withdrawal's event is the last.
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        await Subscriptions.WithdrawScheduledChangeAsync(customerId, customerOrganization, id, CancellationToken.None);

        var kept = Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
        Assert.Equal(("Team", (string?)null), (kept.PlanName, kept.PendingPlanName));
        var november = BillingPeriod.MonthOf(host.Clock.GetUtcNow());
        var december = BillingPeriod.MonthOf(november.End);
        host.Clock.Advance(december.End - host.Clock.GetUtcNow());
        Assert.Equal("Team", Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).PlanName);
        await host.Get<InvoicingService>().RunAsync(december, CancellationToken.None);
        var invoice = (await host.Get<BillingService>().ListInvoicesAsync(customerId, customerOrganization, 0, 10, CancellationToken.None)).Items
            .Single(i => i.PeriodStart == december.Start);
        Assert.Equal(299m, invoice.Total);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == customerOrganization && e.Action == "subscription.downgrade-withdrawn").ToListAsync());
        var changed = await db.WebhookEvents.AsNoTracking().ForOrganization(customerOrganization)
            .Where(e => e.Type == WebhookEventTypes.SubscriptionChanged).OrderBy(e => e.Id).Select(e => e.Payload).ToListAsync();
        Assert.Contains("\"pending_plan_name\":null", changed[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawn_cancellation_keeps_the_subscription_serving_after_the_period()
    {
        await ListenToWebhooksAsync();
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;
        await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);

        await Subscriptions.WithdrawScheduledChangeAsync(customerId, customerOrganization, id, CancellationToken.None);

        Assert.Null(Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).CancelsAt);
        host.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(id, Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).Id);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == customerOrganization && e.Action == "subscription.cancellation-withdrawn").ToListAsync());
        var changed = Assert.Single(await db.WebhookEvents.AsNoTracking().ForOrganization(customerOrganization).Where(e => e.Type == WebhookEventTypes.SubscriptionChanged).ToListAsync());
        Assert.Contains("\"cancels_at\":null", changed.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_withdrawn_once_it_has_happened()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, teamPlan, CancellationToken.None)).SubscriptionId;
        Assert.False(await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, freePlan, CancellationToken.None));
        host.Clock.Advance(BillingPeriod.MonthOf(host.Clock.GetUtcNow()).End - host.Clock.GetUtcNow());

        var applied = await Assert.ThrowsAsync<InvalidInputException>(
            () => Subscriptions.WithdrawScheduledChangeAsync(customerId, customerOrganization, id, CancellationToken.None));

        Assert.StartsWith("Nothing is scheduled", applied.Message, StringComparison.Ordinal);
        Assert.Equal("Free", Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).PlanName);
        var endsAt = await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);
        host.Clock.Advance(endsAt - host.Clock.GetUtcNow());
        var ended = await Assert.ThrowsAsync<InvalidInputException>(
            () => Subscriptions.WithdrawScheduledChangeAsync(customerId, customerOrganization, id, CancellationToken.None));
        Assert.StartsWith("This subscription has ended", ended.Message, StringComparison.Ordinal);
        Assert.Empty(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
    }

    [Fact]
    public async Task Only_a_buyer_of_the_organization_withdraws_a_scheduled_change()
    {
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, freePlan, CancellationToken.None)).SubscriptionId;
        await Subscriptions.CancelAsync(customerId, customerOrganization, id, CancellationToken.None);
        var developer = await host.AddUserAsync("dev@example.com");
        var invitation = await host.Get<OrganizationService>().InviteAsync(customerId, customerOrganization, "dev@example.com", OrganizationRole.Developer, t => t, CancellationToken.None);
        await host.Get<OrganizationService>().AcceptInvitationAsync(developer.Id, invitation.Token, CancellationToken.None);
        var stranger = await host.AddUserAsync("stranger@example.com");
        var strangerOrganization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(stranger.Id, CancellationToken.None);

        await Assert.ThrowsAsync<ForbiddenException>(() => Subscriptions.WithdrawScheduledChangeAsync(developer.Id, customerOrganization, id, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Subscriptions.WithdrawScheduledChangeAsync(stranger.Id, strangerOrganization, id, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Subscriptions.WithdrawScheduledChangeAsync(stranger.Id, customerOrganization, id, CancellationToken.None));

        Assert.NotNull(Assert.Single(await Subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None)).CancelsAt);
    }

    private async Task ListenToWebhooksAsync()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.WebhookEndpoints.Add(new WebhookEndpoint
        {
            OrganizationId = customerOrganization,
            Url = "https://hooks.example.com/tv",
            Events = WebhookEventTypes.SubscriptionChanged,
            ProtectedSecret = "not used: nothing is delivered here",
        });
        await db.SaveChangesAsync();
    }
}
