using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Billing;

/// <summary>What a settled or failed payment does to the invoice and the organization's subscriptions; the caller saves.</summary>
internal static class PaymentStatus
{
    public static async Task MarkPaidAsync(TrustVaultDbContext db, Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (invoice.Status != InvoiceStatus.Paid)
        {
            await PublishAsync(db, now, invoice, WebhookEventTypes.InvoicePaid, failureReason: null, cancellationToken);
        }

        invoice.Status = InvoiceStatus.Paid;
        invoice.PaidAt ??= now;
        invoice.FailureReason = null;
        invoice.ChargeStartedAt = null;
        var stillFailing = await db.Invoices.ForOrganization(invoice.OrganizationId).AnyAsync(
            i => i.Id != invoice.Id && i.Status == InvoiceStatus.PaymentFailed, cancellationToken);
        if (!stillFailing)
        {
            foreach (var subscription in await PastDueAsync(db, invoice.OrganizationId, cancellationToken))
            {
                // Back to what it was before the payment failed: a trial still running is a trial again.
                subscription.Status = subscription.TrialEndsAt > now ? SubscriptionStatus.Trialing : SubscriptionStatus.Active;
                subscription.PastDueSince = null;
            }
        }
    }

    /// <summary>
    /// The payment provider's answer to attempt <paramref name="attempt"/> at the invoice, whether the charge heard it or
    /// Stripe's webhook told it, recorded on the invoice as read under the organization's lock (ADR 0039); the caller holds
    /// the lock and saves. A payment is recorded whichever attempt it answers: the money was collected. Any other answer
    /// counts only for the attempt under way: a paid invoice stays paid, as its provider's payout does, and a decline of an
    /// earlier attempt, or one heard again, changes nothing (Stripe sends its events in no set order, and the charge hears
    /// its answer too), so it neither ends a newer attempt's claim nor replaces its result. A payment other than the one
    /// that settled the invoice is a second one: the invoice keeps the first, and the answer is the refund the caller asks
    /// of the provider once it has saved, outside the lock (<see cref="RefundDuplicateAsync"/>).
    /// </summary>
    /// <returns>The refund of a second payment of the invoice; null otherwise.</returns>
    public static async Task<RefundRequest?> RecordAnswerAsync(
        TrustVaultDbContext db, NotificationLinks links, Invoice invoice, int attempt, ChargeResult answer, DateTimeOffset now, ILogger logger,
        CancellationToken cancellationToken)
    {
        if (answer.Outcome == ChargeOutcome.Paid)
        {
            if (invoice.Status == InvoiceStatus.Paid && invoice.PaymentReference is { } settled && answer.Reference is { } second && second != settled)
            {
                logger.LogWarning(
                    "Invoice {InvoiceId} ({Number}) was paid by {Settled}; payment {Second} of attempt {Attempt} paid it again and is refunded",
                    invoice.Id, invoice.Number, settled, second, attempt);
                return new RefundRequest(invoice.Id, invoice.OrganizationId, second, invoice.Currency, invoice.Total);
            }

            invoice.PaymentReference = answer.Reference;
            await MarkPaidAsync(db, invoice, now, cancellationToken);
            return null;
        }

        if (invoice.Status == InvoiceStatus.Paid)
        {
            logger.LogInformation("Invoice {InvoiceId} ({Number}) is paid: a payment failure heard after it is ignored", invoice.Id, invoice.Number);
            return null;
        }

        if (attempt != invoice.PaymentAttempts || invoice.ChargeStartedAt is null)
        {
            logger.LogInformation(
                "Invoice {InvoiceId} ({Number}): the answer {Outcome} ({Reference}) to attempt {Attempt} is ignored: attempt {Current} is {State}",
                invoice.Id, invoice.Number, answer.Outcome, answer.Reference, attempt, invoice.PaymentAttempts, invoice.ChargeStartedAt is null ? "answered" : "under way");
            return null;
        }

        invoice.PaymentReference = answer.Reference;
        if (answer.Outcome == ChargeOutcome.Declined)
        {
            await MarkFailedAsync(db, links, invoice, answer.FailureReason, now, cancellationToken);
        }

        return null;
    }

    /// <summary>The audit action of a second payment of an invoice given back; its details start with the payment's reference.</summary>
    public const string DuplicatePaymentRefunded = "invoice.duplicate-payment-refunded";

    /// <summary>The audit trail's refunds of second payments of the invoice.</summary>
    public static IQueryable<AuditEntry> DuplicateRefundsOf(TrustVaultDbContext db, Guid invoiceId)
    {
        var entityId = invoiceId.ToString();
        return db.AuditEntries.Where(a => a.EntityId == entityId && a.Action == DuplicatePaymentRefunded);
    }

    /// <summary>
    /// Gives back a second payment of an invoice through the provider, which refunds it once (its reference is the key), and
    /// records it in the audit trail, where the admins and the invoice's page see it. Called with no lock held. A provider
    /// that cannot be reached leaves it to be refunded by hand, which the error log says; the payment it answers stands.
    /// </summary>
    public static async Task RefundDuplicateAsync(
        IDbContextFactory<TrustVaultDbContext> contexts, IPaymentProvider payments, RefundRequest request, TimeProvider clock, ILogger logger,
        CancellationToken cancellationToken)
    {
        RefundResult refund;
        try
        {
            refund = await payments.RefundAsync(request, cancellationToken);
        }
        catch (UnavailableException e)
        {
            logger.LogError(e, "Invoice {InvoiceId}: payment {Payment} paid it a second time and could not be refunded: refund it by hand", request.InvoiceId, request.PaymentReference);
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var refunded = request.PaymentReference + " ";
        if (await DuplicateRefundsOf(db, request.InvoiceId).AnyAsync(a => a.Details!.StartsWith(refunded), cancellationToken))
        {
            return;
        }

        db.Record(
            clock, null, request.OrganizationId, DuplicatePaymentRefunded, nameof(Invoice), request.InvoiceId,
            $"{request.PaymentReference} refunded as {refund.Reference}: {request.Amount} {request.Currency}, a second payment of the invoice");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The organization's live subscriptions become past due: the gateway serves them for the grace period only.</summary>
    private static async Task MarkFailedAsync(
        TrustVaultDbContext db, NotificationLinks links, Invoice invoice, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        invoice.Status = InvoiceStatus.PaymentFailed;
        invoice.ChargeStartedAt = null;
        var failure = reason ?? "The payment failed.";
        invoice.FailureReason = failure;
        await PublishAsync(db, now, invoice, WebhookEventTypes.InvoicePaymentFailed, failure, cancellationToken);
        await TellBillingAsync(
            db, now, invoice.OrganizationId,
            (to, organization) => EmailTemplates.PaymentFailed(to, organization, invoice.Number, invoice.Total, invoice.Currency, failure, links.Invoice(invoice.Id)),
            cancellationToken);
        var live = await db.Subscriptions.ForOrganization(invoice.OrganizationId)
            .Where(s => s.EndedAt == null
                && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Trialing))
            .ToListAsync(cancellationToken);
        foreach (var subscription in live)
        {
            subscription.Status = SubscriptionStatus.PastDue;
            subscription.PastDueSince ??= now;
        }
    }

    /// <summary>The invoice.* webhook events: which invoice, its amount and, for a failure, why.</summary>
    public static Task PublishAsync(
        TrustVaultDbContext db, DateTimeOffset now, Invoice invoice, string type, string? failureReason, CancellationToken cancellationToken) =>
        db.PublishWebhookAsync(now, invoice.OrganizationId, type, new
        {
            InvoiceId = invoice.Id,
            invoice.Number,
            invoice.PeriodStart,
            invoice.PeriodEnd,
            invoice.Total,
            invoice.Currency,
            invoice.PaymentAttempts,
            FailureReason = failureReason,
        }, cancellationToken);

    /// <summary>Queues a mail to the organization's owners and billing members, to commit with the caller's save.</summary>
    /// <param name="mail">The mail to one address, given the organization's name.</param>
    public static async Task TellBillingAsync(
        TrustVaultDbContext db, DateTimeOffset now, Guid organizationId, Func<string, string, EmailMessage> mail, CancellationToken cancellationToken)
    {
        var organization = await db.OrganizationNameAsync(organizationId, cancellationToken);
        foreach (var to in await db.MemberAddressesAsync(organizationId, [OrganizationRole.Owner, OrganizationRole.Billing], cancellationToken))
        {
            db.QueueEmail(mail(to, organization), now);
        }
    }

    private static Task<List<Subscription>> PastDueAsync(TrustVaultDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.Subscriptions.ForOrganization(organizationId).Where(s => s.Status == SubscriptionStatus.PastDue).ToListAsync(cancellationToken);
}
