using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Webhooks;
using ChargeOutcome = TrustVault.Core.Payments.ChargeOutcome;

namespace TrustVault.Core.Billing.Stripe;

public enum WebhookOutcome
{
    Handled,

    /// <summary>An event type we do not act on, or one that names nothing of ours or something of another Stripe customer's: acknowledged.</summary>
    Ignored,

    /// <summary>The same event id was handled before: acknowledged, nothing done.</summary>
    Replayed,
}

/// <summary>
/// Stripe's webhooks. The signature is checked with the endpoint secret and the signed timestamp must be
/// within the tolerance, so a captured request cannot be replayed later; each event id is handled once.
/// </summary>
public sealed class StripeWebhookProcessor(
    IStripeClient client, IDbContextFactory<TrustVaultDbContext> contexts, IPaymentProvider payments, IOptions<StripeOptions> options, NotificationLinks links,
    TimeProvider clock, ILogger<StripeWebhookProcessor> logger)
{
    private const string DefaultPaymentMethod = "invoice_settings.default_payment_method";

    /// <summary>What <see cref="Invoice.FailureReason"/> holds.</summary>
    private const int FailureReasonLength = 500;

    public async Task<WebhookOutcome> ProcessAsync(string json, string? signatureHeader, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WebhookSecret))
        {
            throw new ForbiddenException("Stripe webhooks are not configured on this server.");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(
                json, signatureHeader ?? "", settings.WebhookSecret, settings.WebhookToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            throw new InvalidInputException("Stripe-Signature", $"The webhook could not be verified: {e.Message}");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            // Only parsing throws past the signature check: a signed body that is not an event.
            throw Malformed(null, $"the body is not a Stripe event ({e.Message})");
        }

        if (string.IsNullOrEmpty(stripeEvent.Id))
        {
            throw Malformed(stripeEvent, "the event has no id");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == stripeEvent.Id, cancellationToken))
        {
            return WebhookOutcome.Replayed;
        }

        // A second payment of an invoice, refunded once the event's changes are committed (ADR 0039).
        var refunds = new List<RefundRequest>();
        var handled = stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted => await CheckoutCompletedAsync(db, ObjectOf<Session>(stripeEvent), cancellationToken),
            EventTypes.InvoicePaid => await InvoiceSettledAsync(db, ObjectOf<global::Stripe.Invoice>(stripeEvent), paid: true, refunds, cancellationToken),
            EventTypes.InvoicePaymentFailed => await InvoiceSettledAsync(db, ObjectOf<global::Stripe.Invoice>(stripeEvent), paid: false, refunds, cancellationToken),
            EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionDeleted =>
                await SubscriptionChangedAsync(db, ObjectOf<global::Stripe.Subscription>(stripeEvent), stripeEvent.Type == EventTypes.CustomerSubscriptionDeleted, cancellationToken),
            EventTypes.CustomerUpdated => await PaymentMethodChangedAsync(db, ObjectOf<Customer>(stripeEvent).Id, stripeEvent, cancellationToken),
            EventTypes.PaymentMethodDetached => await PaymentMethodChangedAsync(db, DetachedFrom(json, ObjectOf<PaymentMethod>(stripeEvent)), stripeEvent, cancellationToken),
            _ => false,
        };
        // The same event delivered twice at once: the deliveries take one lock in turn (the organization's the handler took,
        // or the platform's for an event that needs none), and the second finds the event recorded and drops its changes.
        // Left to the event id's key, the second's insert failed, which EF Core logs as an error.
        var transaction = db.Database.CurrentTransaction ?? await db.BeginOrganizationTransactionAsync(PlatformOrganization.Id, cancellationToken);
        if (await db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == stripeEvent.Id, cancellationToken))
        {
            return WebhookOutcome.Replayed;
        }

        db.ProcessedWebhookEvents.Add(new ProcessedWebhookEvent { EventId = stripeEvent.Id, Type = stripeEvent.Type, ReceivedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var refund in refunds)
        {
            await PaymentStatus.RefundDuplicateAsync(contexts, payments, refund, clock, logger, cancellationToken);
        }

        logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome}", stripeEvent.Id, stripeEvent.Type, handled ? "handled" : "ignored");
        return handled ? WebhookOutcome.Handled : WebhookOutcome.Ignored;
    }

    /// <summary>The object an event of its type carries, or a 400 for a signed event that carries something else.</summary>
    private T ObjectOf<T>(Event stripeEvent)
        where T : class =>
        stripeEvent.Data?.Object as T
            ?? throw Malformed(stripeEvent, $"a {stripeEvent.Type} event carries {stripeEvent.Data?.Object?.Object ?? "nothing"}, not a {typeof(T).Name}");

    /// <summary>
    /// A validly signed body we cannot act on: logged, since only Stripe or a holder of the webhook secret can send one,
    /// and answered 400 so that it shows as failed in Stripe's dashboard.
    /// </summary>
    private InvalidInputException Malformed(Event? stripeEvent, string reason)
    {
        logger.LogWarning("Stripe webhook {EventId} ({Type}) refused: {Reason}", stripeEvent?.Id, stripeEvent?.Type, reason);
        return new InvalidInputException("body", $"The webhook is signed but unusable: {reason}.");
    }

    /// <summary>Setup-mode checkout finished: keep the card's display details and start the waiting subscription.</summary>
    private async Task<bool> CheckoutCompletedAsync(TrustVaultDbContext db, Session session, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(session.Metadata?.GetValueOrDefault("organization_id"), out var organizationId))
        {
            return false;
        }

        var account = await db.BillingAccounts.ForOrganization(organizationId).SingleOrDefaultAsync(cancellationToken);
        if (account is null || !IsCustomerOf(account.StripeCustomerId, session.CustomerId, session.Id, organizationId))
        {
            return false;
        }

        if (session.SetupIntentId is { } setupIntentId)
        {
            var intent = await new SetupIntentService(client).GetAsync(setupIntentId, cancellationToken: cancellationToken);
            if (intent.PaymentMethodId is { } paymentMethodId)
            {
                // Checkout only attaches the card; Stripe charges an invoice to the customer's default payment method.
                var customer = await new CustomerService(client).UpdateAsync(
                    session.CustomerId,
                    new CustomerUpdateOptions
                    {
                        InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = paymentMethodId },
                        Expand = [DefaultPaymentMethod],
                    },
                    cancellationToken: cancellationToken);
                RecordCardOnFile(account, customer);
            }
        }

        if (Guid.TryParse(session.Metadata?.GetValueOrDefault("subscription_id"), out var subscriptionId))
        {
            // Under the organization's lock, as subscribing is (ProcessAsync commits): two checkouts of one API may both
            // be waiting, and each completion must see whether the other has started already.
            await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
            if (await db.Subscriptions.ForOrganization(organizationId).SingleOrDefaultAsync(
                    s => s.Id == subscriptionId && s.Status == SubscriptionStatus.Incomplete && s.EndedAt == null, cancellationToken) is { } subscription)
            {
                await StartWaitingSubscriptionAsync(db, subscription, cancellationToken);
            }
        }

        return true;
    }

    /// <summary>
    /// Starts a subscription whose checkout completed, unless its organization subscribes to the same API by now
    /// (another checkout or a free plan came first): then it ends unstarted, as subscribing would have been refused.
    /// </summary>
    private async Task StartWaitingSubscriptionAsync(TrustVaultDbContext db, Subscriptions.Subscription subscription, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The waiting subscription itself is Incomplete, so not live: only another can answer yes.
        if (await Subscriptions.SubscriptionService.SubscribesAsync(db, subscription.OrganizationId, subscription.ListingId, now, cancellationToken))
        {
            logger.LogInformation(
                "Checkout of subscription {SubscriptionId} completed while its organization already subscribes to the API: ended unstarted", subscription.Id);

            // Still Incomplete, so that no invoice or revenue figure counts the time it waited.
            subscription.EndedAt = now;
            await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionCanceled, cancellationToken);
            return;
        }

        subscription.Status = subscription.TrialEndsAt > now ? SubscriptionStatus.Trialing : SubscriptionStatus.Active;
        await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionChanged, cancellationToken);
    }

    /// <summary>Stripe's answer to one attempt at our invoice, which the Stripe invoice names in its metadata.</summary>
    /// <param name="refunds">Where a second payment of the invoice is added, to be refunded once the answer is committed.</param>
    private async Task<bool> InvoiceSettledAsync(
        TrustVaultDbContext db, global::Stripe.Invoice stripeInvoice, bool paid, List<RefundRequest> refunds, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(stripeInvoice.Metadata?.GetValueOrDefault("invoice_id"), out var invoiceId)
            || await db.Invoices.Where(i => i.Id == invoiceId).Select(i => (Guid?)i.OrganizationId).SingleOrDefaultAsync(cancellationToken) is not { } organizationId)
        {
            return false;
        }

        if (!IsCustomerOf(await CustomerOfAsync(db, organizationId, cancellationToken), stripeInvoice.CustomerId, stripeInvoice.Id, organizationId))
        {
            return false;
        }

        // Asked of Stripe before the lock is taken, as the charge asks it outside the lock (ADR 0039).
        var answer = paid
            ? new ChargeResult(ChargeOutcome.Paid, stripeInvoice.Id)
            : new ChargeResult(ChargeOutcome.Declined, stripeInvoice.Id, await DeclineReasonAsync(stripeInvoice, cancellationToken));

        // Under the organization's lock, as the charge records its answer (ProcessAsync commits): the invoice as read here is
        // the one every other attempt has left, so an answer to an earlier attempt is told from one to the attempt under way.
        await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var invoice = await db.Invoices.ForOrganization(organizationId).SingleAsync(i => i.Id == invoiceId, cancellationToken);
        // A Stripe invoice without the attempt was made by none of ours: it can pay the invoice but answers no attempt.
        var attempt = int.TryParse(stripeInvoice.Metadata?.GetValueOrDefault(StripePaymentProvider.AttemptKey), CultureInfo.InvariantCulture, out var number) ? number : 0;
        if (await PaymentStatus.RecordAnswerAsync(db, links, invoice, attempt, answer, clock.GetUtcNow(), logger, cancellationToken) is { } duplicate)
        {
            refunds.Add(duplicate);
        }

        return true;
    }

    /// <summary>
    /// Why Stripe could not collect the invoice, in words for the customer. A decline is on the invoice's payment (its
    /// PaymentIntent's last error), which the event does not carry; the invoice's own finalization error is about an
    /// invoice that could not be finalized, not about the card. Only a card error's message is meant for the customer
    /// (Stripe's guidance); any other may name our request or objects, so it gets the generic text.
    /// </summary>
    private async Task<string> DeclineReasonAsync(global::Stripe.Invoice stripeInvoice, CancellationToken cancellationToken)
    {
        var withPayments = await new InvoiceService(client).GetAsync(
            stripeInvoice.Id, new InvoiceGetOptions { Expand = ["payments.data.payment.payment_intent"] }, cancellationToken: cancellationToken);
        var error = withPayments.Payments?.Data
            .OrderByDescending(p => p.Created)
            .Select(p => p.Payment?.PaymentIntent?.LastPaymentError)
            .FirstOrDefault(e => e is not null);
        var reason = error?.Type != "card_error"
            ? "Stripe could not collect the payment."
            : error.Message ?? $"The card was declined ({(error.DeclineCode ?? error.Code ?? "no reason given").Replace('_', ' ')}).";
        return reason.Length <= FailureReasonLength ? reason : reason[..FailureReasonLength];
    }

    /// <summary>A subscription managed in Stripe's dashboard names ours in its metadata: follow its status.</summary>
    private async Task<bool> SubscriptionChangedAsync(TrustVaultDbContext db, global::Stripe.Subscription stripeSubscription, bool deleted, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(stripeSubscription.Metadata?.GetValueOrDefault("subscription_id"), out var subscriptionId)
            || await db.Subscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken) is not { } subscription)
        {
            return false;
        }

        if (!IsCustomerOf(await CustomerOfAsync(db, subscription.OrganizationId, cancellationToken), stripeSubscription.CustomerId, stripeSubscription.Id, subscription.OrganizationId))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var before = subscription.Status;
        if (deleted)
        {
            subscription.Status = SubscriptionStatus.Canceled;
            subscription.EndedAt ??= now;
            if (before != SubscriptionStatus.Canceled)
            {
                await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionCanceled, cancellationToken);
            }

            return true;
        }

        switch (stripeSubscription.Status)
        {
            case "past_due" or "unpaid":
                subscription.Status = SubscriptionStatus.PastDue;
                subscription.PastDueSince ??= now;
                break;
            case "active":
                subscription.Status = SubscriptionStatus.Active;
                subscription.PastDueSince = null;
                break;
            case "trialing":
                subscription.Status = SubscriptionStatus.Trialing;
                break;
        }

        if (subscription.Status != before)
        {
            await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionChanged, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// The customer's default payment method changed, on Stripe's customer portal (a card added, replaced or removed) or by
    /// checkout: the card on file follows it. Read back from Stripe rather than taken from the event, since Stripe sends its
    /// events in no set order and an older one must not bring back a card replaced since.
    /// </summary>
    private async Task<bool> PaymentMethodChangedAsync(TrustVaultDbContext db, string? customerId, Event stripeEvent, CancellationToken cancellationToken)
    {
        var account = customerId is null
            ? null
            : await db.BillingAccounts.AcrossOrganizations().SingleOrDefaultAsync(a => a.StripeCustomerId == customerId, cancellationToken);
        if (account is null)
        {
            logger.LogWarning("Stripe event {EventId} ({Type}) is about customer {CustomerId}, no organization's: not acted on", stripeEvent.Id, stripeEvent.Type, customerId);
            return false;
        }

        var customer = await new CustomerService(client).GetAsync(
            customerId, new CustomerGetOptions { Expand = [DefaultPaymentMethod] }, cancellationToken: cancellationToken);
        RecordCardOnFile(account, customer);
        return true;
    }

    /// <summary>
    /// The customer a detached payment method belonged to. The detached method names no customer any more: Stripe gives the
    /// one it had among the attributes the detach changed.
    /// </summary>
    private static string? DetachedFrom(string json, PaymentMethod paymentMethod)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").TryGetProperty("previous_attributes", out var previous)
            && previous.ValueKind == JsonValueKind.Object
            && previous.TryGetProperty("customer", out var customer)
            && customer.ValueKind == JsonValueKind.String
                ? customer.GetString()
                : paymentMethod.CustomerId;
    }

    /// <summary>
    /// The payment method on file is the customer's default payment method, the one Stripe charges invoices to; none without
    /// one. A card keeps its brand and expiry; any other method (SEPA Direct Debit, a US bank account) its kind and last digits
    /// where it has them, since Stripe charges invoices to it as well.
    /// </summary>
    private static void RecordCardOnFile(BillingAccount account, Customer customer)
    {
        (account.CardBrand, account.CardLast4, account.CardExpiryMonth, account.CardExpiryYear) = customer.InvoiceSettings?.DefaultPaymentMethod switch
        {
            null => ((string?)null, (string?)null, (int?)null, (int?)null),
            { Card: { } card } => (Capitalize(card.Brand), card.Last4, (int)card.ExpMonth, (int)card.ExpYear),
            var other => (Kind(other.Type), other.SepaDebit?.Last4 ?? other.UsBankAccount?.Last4 ?? other.BacsDebit?.Last4 ?? other.AuBecsDebit?.Last4
                ?? other.AcssDebit?.Last4 ?? "", null, null),
        };
    }

    /// <summary>A payment method's type as the customer knows it, short enough for <see cref="BillingAccount.CardBrand"/>.</summary>
    private static string Kind(string type)
    {
        var kind = type switch
        {
            "sepa_debit" => "SEPA Direct Debit",
            "us_bank_account" => "US bank account",
            "bacs_debit" => "Bacs Direct Debit",
            "au_becs_debit" => "BECS Direct Debit",
            "acss_debit" => "Pre-authorized debit",
            _ => Capitalize(type.Replace('_', ' ')),
        };
        return kind.Length <= 20 ? kind : kind[..20];
    }

    private static Task<string?> CustomerOfAsync(TrustVaultDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.BillingAccounts.ForOrganization(organizationId).Select(a => a.StripeCustomerId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Whether an event's object belongs to the organization its metadata names. The metadata is whatever the object was
    /// created with, so only the organization's own Stripe customer counts, and an object without a customer belongs to
    /// nobody. Any other is acknowledged (200): the event is Stripe's own, and a retry could not make it fit.
    /// </summary>
    private bool IsCustomerOf(string? organizationCustomerId, string? eventCustomerId, string? objectId, Guid organizationId)
    {
        if (organizationCustomerId is not null && organizationCustomerId == eventCustomerId)
        {
            return true;
        }

        logger.LogWarning(
            "Stripe object {ObjectId} of customer {CustomerId} names organization {OrganizationId}, whose customer is {OwnerCustomerId}: not acted on",
            objectId, eventCustomerId, organizationId, organizationCustomerId);
        return false;
    }

    private static string Capitalize(string brand) => brand.Length == 0 ? brand : char.ToUpperInvariant(brand[0]) + brand[1..];
}
