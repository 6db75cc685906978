using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Billing;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

[Collection(AppCollection.Name)]
public sealed class StripeTests(StripeFactory factory) : IClassFixture<StripeFactory>
{
    private FakeStripe Stripe => factory.Stripe;

    private async Task<(string UserId, Guid OrganizationId, Guid PlanId)> NewOrganizationAsync(string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var userId = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("customer@trustvault.dev"))!.Id;
        var organization = await services.GetRequiredService<OrganizationService>().CreateAsync(userId, name, CancellationToken.None);
        var db = services.GetRequiredService<TrustVaultDbContext>();
        var plan = await db.Plans.Where(p => p.Name == "Starter" && p.Listing!.Slug == "business-intelligence").Select(p => p.Id).SingleAsync();
        return (userId, organization, plan);
    }

    /// <summary>A billing account linked to a Stripe customer, with a Visa card on file.</summary>
    private static BillingAccount VisaOnFile(Guid organization, string customerId) => new()
    {
        OrganizationId = organization,
        StripeCustomerId = customerId,
        CardBrand = "Visa",
        CardLast4 = "4242",
        CardExpiryMonth = 12,
        CardExpiryYear = 2030,
    };

    private async Task<HttpResponseMessage> PostWebhookAsync(string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("Stripe-Signature", signature);
        }

        return await factory.CreateClient().SendAsync(request);
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!;
    }

    [Fact]
    public async Task A_paid_plan_goes_through_checkout_and_the_signed_completion_webhook_activates_it_once()
    {
        var (userId, organization, plan) = await NewOrganizationAsync("Stark Industries");
        await using var scope = factory.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<SubscriptionService>().SubscribeAsync(userId, organization, plan, CancellationToken.None);

        var sessionId = Stripe.IdFor($"checkout-{result.SubscriptionId:N}");
        Assert.Equal($"https://checkout.stripe.test/c/{sessionId}", result.CheckoutUrl);
        var customerId = Stripe.IdFor($"customer-{organization:N}");
        var session = Assert.Single(Stripe.To("/v1/checkout/sessions"), c => c.IdempotencyKey == $"checkout-{result.SubscriptionId:N}");
        Assert.Equal(("setup", result.SubscriptionId.ToString()), (session.Form["mode"], session.Form["metadata[subscription_id]"]));
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<SubscriptionService>().ListAsync(userId, organization, CancellationToken.None));

        var completed = FakeStripe.Event("evt_checkout_1", "checkout.session.completed", $$$"""
            {"id":"{{{sessionId}}}","object":"checkout.session","mode":"setup","customer":"{{{customerId}}}","setup_intent":"seti_{{{Guid.NewGuid():N}}}",
             "metadata":{"organization_id":"{{{organization}}}","subscription_id":"{{{result.SubscriptionId}}}"}}
            """);
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(completed, FakeStripe.Sign(completed, DateTimeOffset.UtcNow))));
        Assert.Equal("Replayed", await OutcomeAsync(await PostWebhookAsync(completed, FakeStripe.Sign(completed, DateTimeOffset.UtcNow))));

        var live = Assert.Single(await scope.ServiceProvider.GetRequiredService<SubscriptionService>().ListAsync(userId, organization, CancellationToken.None));
        Assert.Equal(SubscriptionStatus.Active, live.Status);
        var card = await scope.ServiceProvider.GetRequiredService<BillingService>().GetPaymentMethodAsync(userId, organization, CancellationToken.None);
        Assert.Equal(("Visa", "4242"), (card?.Brand, card?.Last4));
        // The card Stripe charges invoices to: checkout only attaches it.
        Assert.Single(Stripe.To($"/v1/customers/{customerId}"), c => c.Method == "POST" && c.Form["invoice_settings[default_payment_method]"].StartsWith("pm_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_card_added_on_stripes_customer_portal_becomes_the_card_on_file_and_removing_it_leaves_none()
    {
        var (userId, organization, _) = await NewOrganizationAsync("Globex");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = customerId });
        await db.SaveChangesAsync();
        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();

        var paymentMethod = Stripe.AddCardOnPortal(customerId, "mastercard", "4444", 3, 2031);
        var updated = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "customer.updated",
            $$$"""{"id":"{{{customerId}}}","object":"customer","invoice_settings":{"default_payment_method":"{{{paymentMethod}}}"}}""",
            """{"invoice_settings":{"default_payment_method":null}}""");
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(updated, FakeStripe.Sign(updated, DateTimeOffset.UtcNow))));
        Assert.Equal(new PaymentMethodView("Mastercard", "4444", 3, 2031), await billing.GetPaymentMethodAsync(userId, organization, CancellationToken.None));

        Stripe.RemoveCardOnPortal(customerId);
        var detached = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "payment_method.detached",
            $$$"""{"id":"{{{paymentMethod}}}","object":"payment_method","type":"card","customer":null,"card":{"brand":"mastercard","last4":"4444","exp_month":3,"exp_year":2031}}""",
            $$$"""{"customer":"{{{customerId}}}"}""");
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(detached, FakeStripe.Sign(detached, DateTimeOffset.UtcNow))));
        Assert.Null(await billing.GetPaymentMethodAsync(userId, organization, CancellationToken.None));
    }

    [Fact]
    public async Task A_payment_method_event_about_a_customer_of_no_organization_changes_no_card_on_file()
    {
        var (userId, organization, _) = await NewOrganizationAsync("Soylent");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(VisaOnFile(organization, customerId));
        await db.SaveChangesAsync();
        var stranger = $"cus_{Guid.NewGuid():N}";
        var paymentMethod = Stripe.AddCardOnPortal(stranger, "amex", "0005", 1, 2032);
        var updated = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "customer.updated",
            $$$"""{"id":"{{{stranger}}}","object":"customer","invoice_settings":{"default_payment_method":"{{{paymentMethod}}}"}}""");
        var detached = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "payment_method.detached",
            $$$"""{"id":"{{{paymentMethod}}}","object":"payment_method","type":"card","customer":null}""");

        foreach (var other in new[] { updated, detached })
        {
            Assert.Equal("Ignored", await OutcomeAsync(await PostWebhookAsync(other, FakeStripe.Sign(other, DateTimeOffset.UtcNow))));
        }

        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();
        Assert.Equal(new PaymentMethodView("Visa", "4242", 12, 2030), await billing.GetPaymentMethodAsync(userId, organization, CancellationToken.None));
    }

    [Fact]
    public async Task Of_two_checkouts_of_one_api_that_both_complete_only_the_first_starts_a_subscription()
    {
        var (userId, organization, plan) = await NewOrganizationAsync("Wayne Enterprises");
        await using var scope = factory.Services.CreateAsyncScope();
        var subscriptions = scope.ServiceProvider.GetRequiredService<SubscriptionService>();
        var first = await subscriptions.SubscribeAsync(userId, organization, plan, CancellationToken.None);
        var second = await subscriptions.SubscribeAsync(userId, organization, plan, CancellationToken.None);

        foreach (var (pending, eventId) in new[] { (first, $"evt_{Guid.NewGuid():N}"), (second, $"evt_{Guid.NewGuid():N}") })
        {
            var completed = FakeStripe.Event(eventId, "checkout.session.completed", $$$"""
                {"id":"{{{Stripe.IdFor($"checkout-{pending.SubscriptionId:N}")}}}","object":"checkout.session","mode":"setup",
                 "customer":"{{{Stripe.IdFor($"customer-{organization:N}")}}}",
                 "metadata":{"organization_id":"{{{organization}}}","subscription_id":"{{{pending.SubscriptionId}}}"}}
                """);
            Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(completed, FakeStripe.Sign(completed, DateTimeOffset.UtcNow))));
        }

        var live = Assert.Single(await subscriptions.ListAsync(userId, organization, CancellationToken.None));
        Assert.Equal((first.SubscriptionId, SubscriptionStatus.Active), (live.Id, live.Status));
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        var ended = await db.Subscriptions.AsNoTracking().AcrossOrganizations().SingleAsync(s => s.Id == second.SubscriptionId);
        Assert.Equal(SubscriptionStatus.Incomplete, ended.Status);
        Assert.NotNull(ended.EndedAt);
    }

    [Theory]
    [InlineData("wrong-secret", 0)]
    [InlineData(FakeStripe.WebhookSecret, -600)]
    [InlineData(null, 0)]
    public async Task A_webhook_with_a_bad_or_stale_signature_is_refused_with_400(string? secret, int ageSeconds)
    {
        var payload = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "invoice.paid", """{"id":"in_x","object":"invoice","metadata":{}}""");
        var signature = secret is null ? null : FakeStripe.Sign(payload, DateTimeOffset.UtcNow.AddSeconds(ageSeconds), secret);

        var response = await PostWebhookAsync(payload, signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{\"id\":\"evt_broken\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"id\":\"in_x\",\"object\":\"invoice\",\"metadata\":{}}}}")]
    [InlineData("{\"id\":\"evt_no_data\",\"object\":\"event\",\"type\":\"invoice.paid\"}")]
    [InlineData("{\"id\":\"evt_charge\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\"}}}")]
    [InlineData("{\"id\":\"evt_session\",\"object\":\"event\",\"type\":\"customer.subscription.updated\",\"data\":{\"object\":{\"id\":\"cs_1\",\"object\":\"checkout.session\"}}}")]
    public async Task A_validly_signed_body_that_is_not_a_usable_event_gets_400(string payload)
    {
        var response = await PostWebhookAsync(payload, FakeStripe.Sign(payload, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_invoice_paid_event_of_another_customer_does_not_settle_the_invoice_it_names()
    {
        var (userId, organization, _) = await NewOrganizationAsync("Initech");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = "cus_initech" });
        var invoice = new Invoice
        {
            OrganizationId = organization,
            PeriodStart = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            Number = Invoice.FormatNumber(2026, 8001),
            NumberYear = 2026,
            NumberSequence = 8001,
            Total = 49m,
            IssuedAt = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero),
        };
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();

        // A customer of the attacker's own pays a Stripe invoice whose metadata names the victim's invoice.
        var paid = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "invoice.paid",
            $$$"""{"id":"in_attacker","object":"invoice","status":"paid","customer":"cus_attacker","metadata":{"invoice_id":"{{{invoice.Id}}}"}}""");
        var unowned = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "invoice.paid",
            $$$"""{"id":"in_unowned","object":"invoice","status":"paid","metadata":{"invoice_id":"{{{invoice.Id}}}"}}""");

        Assert.Equal("Ignored", await OutcomeAsync(await PostWebhookAsync(paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow))));
        Assert.Equal("Ignored", await OutcomeAsync(await PostWebhookAsync(unowned, FakeStripe.Sign(unowned, DateTimeOffset.UtcNow))));
        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();
        Assert.NotEqual(InvoiceStatus.Paid, (await billing.GetInvoiceAsync(userId, organization, invoice.Id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_payment_failed_event_that_arrives_after_invoice_paid_is_acknowledged_and_leaves_the_invoice_paid()
    {
        var (userId, organization, planId) = await NewOrganizationAsync("Umbrella");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = "cus_umbrella" });
        db.Subscriptions.Add(Subscription.Start(organization, await db.Plans.SingleAsync(p => p.Id == planId), DateTimeOffset.UtcNow, SubscriptionStatus.Active));
        var invoice = new Invoice
        {
            OrganizationId = organization,
            PeriodStart = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            Number = Invoice.FormatNumber(2026, 8002),
            NumberYear = 2026,
            NumberSequence = 8002,
            Total = 49m,
            IssuedAt = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero),
        };
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        string InvoiceEvent(string type, string status) => FakeStripe.Event($"evt_{Guid.NewGuid():N}", type,
            $$$"""{"id":"in_umbrella","object":"invoice","status":"{{{status}}}","customer":"cus_umbrella","metadata":{"invoice_id":"{{{invoice.Id}}}"}}""");
        var paid = InvoiceEvent("invoice.paid", "paid");
        var failed = InvoiceEvent("invoice.payment_failed", "open");

        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow))));
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(failed, FakeStripe.Sign(failed, DateTimeOffset.UtcNow))));

        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();
        var settled = await billing.GetInvoiceAsync(userId, organization, invoice.Id, CancellationToken.None);
        Assert.Equal((InvoiceStatus.Paid, (string?)null), (settled.Status, settled.FailureReason));
        Assert.Equal(SubscriptionStatus.Active, (await db.Subscriptions.AsNoTracking().ForOrganization(organization).SingleAsync()).Status);
        Assert.Contains(factory.Logs.Messages, m => m.Contains($"Invoice {invoice.Id} ({invoice.Number}) is paid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checkout_without_a_customer_starts_nothing_even_for_an_organization_without_one()
    {
        var (_, organization, planId) = await NewOrganizationAsync("Hooli");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization });
        var waiting = Subscription.Start(organization, await db.Plans.SingleAsync(p => p.Id == planId), DateTimeOffset.UtcNow, SubscriptionStatus.Incomplete);
        db.Subscriptions.Add(waiting);
        await db.SaveChangesAsync();

        var completed = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "checkout.session.completed", $$$"""
            {"id":"cs_unowned","object":"checkout.session","mode":"setup","customer":null,
             "metadata":{"organization_id":"{{{organization}}}","subscription_id":"{{{waiting.Id}}}"}}
            """);

        Assert.Equal("Ignored", await OutcomeAsync(await PostWebhookAsync(completed, FakeStripe.Sign(completed, DateTimeOffset.UtcNow))));
        var unchanged = await db.Subscriptions.AsNoTracking().ForOrganization(organization).SingleAsync(s => s.Id == waiting.Id);
        Assert.Equal(SubscriptionStatus.Incomplete, unchanged.Status);
    }

    [Fact]
    public async Task A_stripe_subscription_event_acts_only_for_the_customer_of_the_subscriptions_organization()
    {
        var (_, organization, planId) = await NewOrganizationAsync("Pied Piper");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = "cus_piedpiper" });
        var subscription = Subscription.Start(organization, await db.Plans.SingleAsync(p => p.Id == planId), DateTimeOffset.UtcNow, SubscriptionStatus.Active);
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        string Deleted(string? customer) => FakeStripe.Event($"evt_{Guid.NewGuid():N}", "customer.subscription.deleted", $$$"""
            {"id":"sub_{{{Guid.NewGuid():N}}}","object":"subscription","status":"canceled",{{{(customer is null ? "" : $"\"customer\":\"{customer}\",")}}}
             "metadata":{"subscription_id":"{{{subscription.Id}}}"}}
            """);

        foreach (var other in new[] { Deleted("cus_attacker"), Deleted(null) })
        {
            Assert.Equal("Ignored", await OutcomeAsync(await PostWebhookAsync(other, FakeStripe.Sign(other, DateTimeOffset.UtcNow))));
        }

        Assert.Equal(SubscriptionStatus.Active, (await db.Subscriptions.AsNoTracking().ForOrganization(organization).SingleAsync(s => s.Id == subscription.Id)).Status);
        var own = Deleted("cus_piedpiper");
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(own, FakeStripe.Sign(own, DateTimeOffset.UtcNow))));
        Assert.Equal(SubscriptionStatus.Canceled, (await db.Subscriptions.AsNoTracking().ForOrganization(organization).SingleAsync(s => s.Id == subscription.Id)).Status);
    }

    [Fact]
    public async Task Payment_methods_are_managed_on_stripes_portal_and_payouts_go_to_the_providers_connect_account()
    {
        var (userId, organization, _) = await NewOrganizationAsync("Acme Payouts");
        await using var scope = factory.Services.CreateAsyncScope();
        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();

        var portalUrl = await billing.PaymentMethodsUrlAsync(userId, organization, CancellationToken.None);
        Assert.Equal($"https://billing.stripe.test/p/{Stripe.To("/v1/billing_portal/sessions").Last().Id}", portalUrl);
        await Assert.ThrowsAsync<TrustVault.Core.Errors.InvalidInputException>(() => billing.SetPayoutAccountAsync(userId, organization, "not-an-account", CancellationToken.None));
        await billing.SetPayoutAccountAsync(userId, organization, "acct_1TrustVaultTest", CancellationToken.None);

        var payout = await scope.ServiceProvider.GetRequiredService<IPaymentProvider>().PayOutAsync(
            new PayoutRequest(Guid.NewGuid(), organization, "USD", 24.50m, "TrustVault earnings"), CancellationToken.None);

        Assert.True(payout.Paid);
        var transfer = Stripe.To("/v1/transfers").Last();
        Assert.Equal(("2450", "usd", "acct_1TrustVaultTest"), (transfer.Form["amount"], transfer.Form["currency"], transfer.Form["destination"]));
    }

    [Fact]
    public async Task A_body_larger_than_any_stripe_event_gets_413()
    {
        var payload = new string('x', 2 * 1024 * 1024);

        var response = await PostWebhookAsync(payload, FakeStripe.Sign(payload, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_event_type_is_acknowledged_and_ignored()
    {
        var payload = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "charge.refunded", """{"id":"ch_1","object":"charge"}""");

        Assert.Equal("Ignored", await OutcomeAsync(await PostWebhookAsync(payload, FakeStripe.Sign(payload, DateTimeOffset.UtcNow))));
    }

    [Fact]
    public async Task One_event_delivered_several_times_at_once_is_taken_once_and_the_other_deliveries_are_replays_without_logging_an_error()
    {
        var payload = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "charge.refunded", """{"id":"ch_1","object":"charge"}""");
        var outcomes = new string[4];
        // The app started before the deliveries: the factory starts it on the first client asked for, once per caller.
        factory.CreateClient().Dispose();
        var before = factory.Logs.Messages.Count;

        await AllAtOnce.RefusalsAsync([.. Enumerable.Range(0, outcomes.Length).Select(i => (Func<Task>)(async () =>
            outcomes[i] = await OutcomeAsync(await PostWebhookAsync(payload, FakeStripe.Sign(payload, DateTimeOffset.UtcNow)))))]);

        Assert.Equal(["Ignored", "Replayed", "Replayed", "Replayed"], outcomes.Order(StringComparer.Ordinal));
        Assert.Empty(factory.Logs.ErrorsAfter(before));
    }

    [Fact]
    public async Task Invoices_are_charged_as_stripe_invoices_in_cents_with_idempotency_keys_and_a_decline_fails_the_payment()
    {
        var (userId, organization, plan) = await NewOrganizationAsync("Wayne Enterprises");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = customerId, CardBrand = "Visa", CardLast4 = "4242" });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<SubscriptionService>().SubscribeAsync(userId, organization, plan, CancellationToken.None);
        Stripe.DeclineCardsOf(customerId);

        await scope.ServiceProvider.GetRequiredService<InvoicingService>().RunAsync(BillingPeriod.MonthOf(DateTimeOffset.UtcNow), CancellationToken.None);

        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();
        var invoice = await billing.GetInvoiceAsync(userId, organization, Assert.Single((await billing.ListInvoicesAsync(userId, organization, 0, 10, CancellationToken.None)).Items).Id, CancellationToken.None);
        Assert.Equal(InvoiceStatus.PaymentFailed, invoice.Status);
        Assert.Equal("Your card was declined.", invoice.FailureReason);
        var prefix = $"invoice-{invoice.Id:N}-1-";
        var item = Assert.Single(Stripe.To("/v1/invoiceitems"), c => c.IdempotencyKey?.StartsWith(prefix, StringComparison.Ordinal) == true);
        Assert.Equal(((long)(invoice.Total * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture), item.Form["amount"]);
        Assert.Contains(Stripe.To("/v1/invoices"), c => c.IdempotencyKey == prefix + "invoice" && c.Form["metadata[invoice_id]"] == invoice.Id.ToString());

        // Stripe retries and collects later: its invoice.paid event settles ours and lifts the past-due state.
        var paid = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "invoice.paid", $$$"""{"id":"{{{Stripe.IdFor(prefix + "invoice")}}}","object":"invoice","status":"paid","customer":"{{{customerId}}}","metadata":{"invoice_id":"{{{invoice.Id}}}"}}""");
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(paid, FakeStripe.Sign(paid, DateTimeOffset.UtcNow))));
        Assert.Equal(InvoiceStatus.Paid, (await billing.GetInvoiceAsync(userId, organization, invoice.Id, CancellationToken.None)).Status);
        Assert.Equal(SubscriptionStatus.Active, (await scope.ServiceProvider.GetRequiredService<SubscriptionService>().ListAsync(userId, organization, CancellationToken.None)).Single().Status);
    }

    [Fact]
    public async Task A_late_decline_of_an_earlier_attempt_neither_ends_the_attempt_under_way_nor_unsettles_the_invoice_it_paid()
    {
        var (userId, organization, plan) = await NewOrganizationAsync("Cyberdyne");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = customerId, CardBrand = "Visa", CardLast4 = "4242" });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<SubscriptionService>().SubscribeAsync(userId, organization, plan, CancellationToken.None);
        var invoicing = scope.ServiceProvider.GetRequiredService<InvoicingService>();
        Stripe.DeclineCardsOf(customerId);
        await invoicing.RunAsync(BillingPeriod.MonthOf(DateTimeOffset.UtcNow), CancellationToken.None);
        Task<Invoice> InvoiceAsync() => db.Invoices.AsNoTracking().ForOrganization(organization).SingleAsync();
        var invoiceId = (await InvoiceAsync()).Id;
        string LateDeclineOfTheFirstAttempt() => FakeStripe.Event($"evt_{Guid.NewGuid():N}", "invoice.payment_failed", $$$"""
            {"id":"{{{Stripe.IdFor($"invoice-{invoiceId:N}-1-invoice")}}}","object":"invoice","status":"open","customer":"{{{customerId}}}",
             "metadata":{"invoice_id":"{{{invoiceId}}}","payment_attempt":"1"}}
            """);

        // Pay now after the card is fixed: the second attempt is with Stripe when the first one's decline arrives again.
        Stripe.AcceptCardsOf(customerId);
        var held = Stripe.HoldPaymentsOf(customerId);
        Task<ChargeAttempt> secondAttempt;
        try
        {
            secondAttempt = invoicing.ChargeAsync(organization, invoiceId, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!Stripe.Calls.Any(c => c.IdempotencyKey == $"invoice-{invoiceId:N}-2-pay"))
            {
                await Task.Delay(20, timeout.Token);
            }

            var late = LateDeclineOfTheFirstAttempt();
            Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(late, FakeStripe.Sign(late, DateTimeOffset.UtcNow))));
            var underWay = await InvoiceAsync();
            Assert.Equal((2, true), (underWay.PaymentAttempts, underWay.ChargeStartedAt is not null));
        }
        finally
        {
            held.TrySetResult();
        }

        Assert.Equal(ChargeAttempt.Paid, await secondAttempt);
        var later = LateDeclineOfTheFirstAttempt();
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(later, FakeStripe.Sign(later, DateTimeOffset.UtcNow))));
        var paid = await InvoiceAsync();
        Assert.Equal(
            (InvoiceStatus.Paid, Stripe.IdFor($"invoice-{invoiceId:N}-2-invoice"), (string?)null),
            (paid.Status, paid.PaymentReference, paid.FailureReason));
        Assert.Equal(SubscriptionStatus.Active, (await db.Subscriptions.AsNoTracking().ForOrganization(organization).SingleAsync()).Status);
    }

    [Fact]
    public async Task A_payment_failed_event_tells_the_customer_the_decline_reason_of_the_invoices_payment()
    {
        var (userId, organization, _) = await NewOrganizationAsync("Tyrell");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = customerId, CardBrand = "Visa", CardLast4 = "4242" });
        // Stripe answered the first attempt "processing", so it is still under way when Stripe gives up on it.
        var invoice = new Invoice
        {
            OrganizationId = organization,
            PeriodStart = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            Number = Invoice.FormatNumber(2026, 7003),
            NumberYear = 2026,
            NumberSequence = 7003,
            Total = 49m,
            IssuedAt = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero),
            PaymentAttempts = 1,
            ChargeStartedAt = DateTimeOffset.UtcNow,
        };
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        var stripeInvoiceId = $"in_{Guid.NewGuid():N}";
        Stripe.FailPaymentOf(stripeInvoiceId, FakeStripe.CardError("insufficient_funds", "Your card has insufficient funds."));

        // As Stripe sends it for a declined card: the invoice's last_finalization_error is empty.
        var failed = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "invoice.payment_failed", $$$"""
            {"id":"{{{stripeInvoiceId}}}","object":"invoice","status":"open","customer":"{{{customerId}}}","last_finalization_error":null,
             "metadata":{"invoice_id":"{{{invoice.Id}}}","payment_attempt":"1"}}
            """);
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(failed, FakeStripe.Sign(failed, DateTimeOffset.UtcNow))));

        var declined = await scope.ServiceProvider.GetRequiredService<BillingService>().GetInvoiceAsync(userId, organization, invoice.Id, CancellationToken.None);
        Assert.Equal((InvoiceStatus.PaymentFailed, "Your card has insufficient funds."), (declined.Status, declined.FailureReason));
    }

    [Fact]
    public async Task A_sepa_debit_made_the_default_on_stripe_is_the_payment_method_on_file_instead_of_none()
    {
        var (userId, organization, _) = await NewOrganizationAsync("Initrode");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(VisaOnFile(organization, customerId));
        await db.SaveChangesAsync();

        var paymentMethod = Stripe.AddSepaDebitOnPortal(customerId, "3000");
        var updated = FakeStripe.Event($"evt_{Guid.NewGuid():N}", "customer.updated",
            $$$"""{"id":"{{{customerId}}}","object":"customer","invoice_settings":{"default_payment_method":"{{{paymentMethod}}}"}}""");
        Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(updated, FakeStripe.Sign(updated, DateTimeOffset.UtcNow))));

        var account = await db.BillingAccounts.AsNoTracking().ForOrganization(organization).SingleAsync();
        Assert.Equal((true, "SEPA Direct Debit •••• 3000"), (account.HasPaymentMethod, account.CardOnFile));
        var billing = scope.ServiceProvider.GetRequiredService<BillingService>();
        Assert.Equal(new PaymentMethodView("SEPA Direct Debit", "3000", null, null), await billing.GetPaymentMethodAsync(userId, organization, CancellationToken.None));
    }

    [Fact]
    public async Task A_second_payment_of_a_paid_invoice_is_refunded_through_stripe_once_and_the_settling_one_never()
    {
        var (userId, organization, plan) = await NewOrganizationAsync("Massive Dynamic");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = organization, StripeCustomerId = customerId, CardBrand = "Visa", CardLast4 = "4242" });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<SubscriptionService>().SubscribeAsync(userId, organization, plan, CancellationToken.None);
        var invoicing = scope.ServiceProvider.GetRequiredService<InvoicingService>();
        Stripe.DeclineCardsOf(customerId);
        await invoicing.RunAsync(BillingPeriod.MonthOf(DateTimeOffset.UtcNow), CancellationToken.None);
        var invoiceId = (await db.Invoices.AsNoTracking().ForOrganization(organization).SingleAsync()).Id;
        Stripe.AcceptCardsOf(customerId);
        Assert.Equal(ChargeAttempt.Paid, await invoicing.ChargeAsync(organization, invoiceId, CancellationToken.None));
        var first = Stripe.IdFor($"invoice-{invoiceId:N}-1-invoice");
        var second = Stripe.IdFor($"invoice-{invoiceId:N}-2-invoice");
        string Paid(string stripeInvoiceId, int attempt) => FakeStripe.Event($"evt_{Guid.NewGuid():N}", "invoice.paid", $$$"""
            {"id":"{{{stripeInvoiceId}}}","object":"invoice","status":"paid","customer":"{{{customerId}}}",
             "metadata":{"invoice_id":"{{{invoiceId}}}","payment_attempt":"{{{attempt}}}"}}
            """);

        // The customer also pays the first attempt's Stripe invoice on Stripe's hosted page; Stripe tells us twice.
        Stripe.PayOnHostedPage(first);
        foreach (var late in new[] { Paid(first, 1), Paid(first, 1), Paid(second, 2) })
        {
            Assert.Equal("Handled", await OutcomeAsync(await PostWebhookAsync(late, FakeStripe.Sign(late, DateTimeOffset.UtcNow))));
        }

        var refunds = Stripe.To("/v1/refunds").ToList();
        Assert.All(refunds, r => Assert.Equal(($"refund-{first}", FakeStripe.IntentId(first), "duplicate"), (r.IdempotencyKey, r.Form["payment_intent"], r.Form["reason"])));
        Assert.Single(refunds.Select(r => r.Id).Distinct());
        var invoice = await db.Invoices.AsNoTracking().ForOrganization(organization).SingleAsync();
        Assert.Equal((InvoiceStatus.Paid, second), (invoice.Status, invoice.PaymentReference));
        var detail = await scope.ServiceProvider.GetRequiredService<BillingService>().GetInvoiceAsync(userId, organization, invoiceId, CancellationToken.None);
        Assert.Equal(1, detail.RefundedDuplicatePayments);
    }

    [Fact]
    public async Task A_stripe_customer_linked_to_another_organization_is_refused_with_a_conflict_and_not_linked_twice()
    {
        var (userId, organization, _) = await NewOrganizationAsync("Oscorp");
        var (_, other, _) = await NewOrganizationAsync("Oscorp Europe");
        var customerId = $"cus_{Guid.NewGuid():N}";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        db.BillingAccounts.Add(new BillingAccount { OrganizationId = other, StripeCustomerId = customerId });
        await db.SaveChangesAsync();
        // Stripe answers the organization's customer request with a customer the other organization holds already.
        Stripe.AnswerKeyWith($"customer-{organization:N}", customerId);

        var conflict = await Assert.ThrowsAsync<TrustVault.Core.Errors.ConflictException>(() =>
            scope.ServiceProvider.GetRequiredService<BillingService>().PaymentMethodsUrlAsync(userId, organization, CancellationToken.None));

        Assert.Contains("already linked to another organization", conflict.Message, StringComparison.Ordinal);
        Assert.Equal([other], await db.BillingAccounts.AsNoTracking().AcrossOrganizations().Where(a => a.StripeCustomerId == customerId).Select(a => a.OrganizationId).ToListAsync());
    }
}
