using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using ChargeOutcome = TrustVault.Core.Payments.ChargeOutcome;

namespace TrustVault.Core.Billing.Stripe;

/// <summary>
/// Payments through Stripe: a Stripe customer per organization, Checkout in setup mode to collect a card,
/// our invoices as Stripe invoices (one invoice item per line) charged automatically, and Connect
/// transfers for payouts. Every mutating call carries an idempotency key derived from our own ids.
/// </summary>
public sealed class StripePaymentProvider(IStripeClient client, IDbContextFactory<TrustVaultDbContext> contexts, IOptions<StripeOptions> options)
    : IPaymentProvider
{
    /// <summary>The metadata of a Stripe invoice that names the attempt at our invoice it was made for, which Stripe's webhooks about it answer.</summary>
    internal const string AttemptKey = "payment_attempt";

    public bool IsTestMode => options.Value.SecretKey?.StartsWith("sk_test_", StringComparison.Ordinal) == true;

    public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken) =>
        ReachAsync(() => StartCheckoutOnStripeAsync(request, cancellationToken), cancellationToken);

    private async Task<CheckoutStart> StartCheckoutOnStripeAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(request.OrganizationId, cancellationToken);
        if (account.HasPaymentMethod)
        {
            return new CheckoutStart(true, null);
        }

        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var session = await new SessionService(client).CreateAsync(
            new SessionCreateOptions
            {
                Mode = "setup",
                Customer = account.StripeCustomerId,
                Currency = "usd",
                SuccessUrl = $"{baseUrl}/console?checkout=complete",
                CancelUrl = $"{baseUrl}/console/billing?checkout=canceled",
                Metadata = new Dictionary<string, string>
                {
                    ["organization_id"] = request.OrganizationId.ToString(),
                    ["subscription_id"] = request.SubscriptionId.ToString(),
                },
            },
            new RequestOptions { IdempotencyKey = $"checkout-{request.SubscriptionId:N}" },
            cancellationToken);
        return new CheckoutStart(false, session.Url);
    }

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
        ReachAsync(() => ChargeOnStripeAsync(request, cancellationToken), cancellationToken);

    private async Task<ChargeResult> ChargeOnStripeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(request.OrganizationId, cancellationToken);
        var metadata = new Dictionary<string, string>
        {
            ["invoice_id"] = request.InvoiceId.ToString(),
            ["invoice_number"] = request.InvoiceNumber,
            [AttemptKey] = request.Attempt.ToString(CultureInfo.InvariantCulture),
        };
        var currency = request.Currency.ToLowerInvariant();
        var invoices = new InvoiceService(client);
        var invoice = await invoices.CreateAsync(
            new InvoiceCreateOptions
            {
                Customer = account.StripeCustomerId,
                Currency = currency,
                AutoAdvance = false,
                CollectionMethod = "charge_automatically",
                Description = $"TrustVault invoice {request.InvoiceNumber}",
                Metadata = metadata,
            },
            Idempotent(request, "invoice"),
            cancellationToken);
        var items = new InvoiceItemService(client);
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            await items.CreateAsync(
                new InvoiceItemCreateOptions
                {
                    Customer = account.StripeCustomerId,
                    Invoice = invoice.Id,
                    Currency = currency,
                    Amount = Money.InMinorUnits(line.Amount, currency),
                    Description = line.Description,
                    Metadata = new Dictionary<string, string> { ["invoice_line_id"] = line.Id.ToString() },
                },
                Idempotent(request, $"line-{i}"),
                cancellationToken);
        }

        try
        {
            await invoices.FinalizeInvoiceAsync(invoice.Id, new InvoiceFinalizeOptions { AutoAdvance = false }, Idempotent(request, "finalize"), cancellationToken);
            var paid = await invoices.PayAsync(invoice.Id, new InvoicePayOptions(), Idempotent(request, "pay"), cancellationToken);
            return new ChargeResult(paid.Status == "paid" ? ChargeOutcome.Paid : ChargeOutcome.Pending, invoice.Id);
        }
        catch (StripeException e) when (e.StripeError?.Type == "card_error")
        {
            return new ChargeResult(ChargeOutcome.Declined, invoice.Id, e.StripeError.Message ?? "The card was declined.");
        }
    }

    public Task<PayoutResult> PayOutAsync(PayoutRequest request, CancellationToken cancellationToken) =>
        ReachAsync(() => PayOutOnStripeAsync(request, cancellationToken), cancellationToken);

    private async Task<PayoutResult> PayOutOnStripeAsync(PayoutRequest request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var destination = await db.BillingAccounts.ForOrganization(request.ProviderOrganizationId)
            .Select(a => a.StripeConnectAccountId).SingleOrDefaultAsync(cancellationToken);
        if (destination is null)
        {
            return new PayoutResult(false, null, "The provider has not connected a Stripe account for payouts yet.");
        }

        var transfer = await new TransferService(client).CreateAsync(
            new TransferCreateOptions
            {
                Amount = Money.InMinorUnits(request.Amount, request.Currency),
                Currency = request.Currency.ToLowerInvariant(),
                Destination = destination,
                Description = request.Description,
                Metadata = new Dictionary<string, string> { ["payout_id"] = request.PayoutId.ToString() },
            },
            new RequestOptions { IdempotencyKey = $"payout-{request.PayoutId:N}" },
            cancellationToken);
        return new PayoutResult(true, transfer.Id);
    }

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        ReachAsync(() => RefundOnStripeAsync(request, cancellationToken), cancellationToken);

    /// <summary>Refunds the payment that paid the Stripe invoice the reference names, in full, as a duplicate.</summary>
    private async Task<RefundResult> RefundOnStripeAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var stripeInvoice = await new InvoiceService(client).GetAsync(
            request.PaymentReference, new InvoiceGetOptions { Expand = ["payments"] }, cancellationToken: cancellationToken);
        var payment = stripeInvoice.Payments?.Data.FirstOrDefault(p => p.Status == "paid")?.Payment
            ?? throw new InvalidOperationException($"Stripe invoice {request.PaymentReference} has no paid payment to refund.");
        var refund = await new RefundService(client).CreateAsync(
            new RefundCreateOptions
            {
                PaymentIntent = payment.PaymentIntentId,
                Charge = payment.PaymentIntentId is null ? payment.ChargeId : null,
                Reason = "duplicate",
                Metadata = new Dictionary<string, string> { ["invoice_id"] = request.InvoiceId.ToString(), ["refunded_invoice"] = request.PaymentReference },
            },
            new RequestOptions { IdempotencyKey = request.IdempotencyKey },
            cancellationToken);
        return new RefundResult(refund.Id);
    }

    /// <summary>A Stripe customer portal session, where the customer adds or removes cards.</summary>
    public Task<string?> PaymentMethodsUrlAsync(Guid organizationId, CancellationToken cancellationToken) =>
        ReachAsync(() => PaymentMethodsUrlOnStripeAsync(organizationId, cancellationToken), cancellationToken);

    private async Task<string?> PaymentMethodsUrlOnStripeAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(organizationId, cancellationToken);
        var session = await new global::Stripe.BillingPortal.SessionService(client).CreateAsync(
            new global::Stripe.BillingPortal.SessionCreateOptions
            {
                Customer = account.StripeCustomerId,
                ReturnUrl = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/console/billing",
            },
            cancellationToken: cancellationToken);
        return session.Url;
    }

    /// <summary>
    /// Runs one exchange with Stripe. A network failure, a timeout or a Stripe server error is an outage the caller can only
    /// wait out: an <see cref="UnavailableException"/> that says so, not a failure of ours. Every exchange is idempotent on
    /// our ids, so trying again is safe.
    /// </summary>
    private static async Task<T> ReachAsync<T>(Func<Task<T>> exchange, CancellationToken cancellationToken)
    {
        try
        {
            return await exchange();
        }
        catch (Exception e) when (e is HttpRequestException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            || e is StripeException { HttpStatusCode: >= HttpStatusCode.InternalServerError })
        {
            throw new UnavailableException("The payment provider cannot be reached just now. Try again in a few minutes.");
        }
    }

    private static RequestOptions Idempotent(ChargeRequest request, string step) => new() { IdempotencyKey = $"{request.IdempotencyKey}-{step}" };

    private async Task<bool> LinkedElsewhereAsync(string customerId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BillingAccounts.AcrossOrganizations().AnyAsync(a => a.StripeCustomerId == customerId && a.OrganizationId != organizationId, cancellationToken);
    }

    /// <summary>The organization's billing account with its Stripe customer, created once (keyed by organization id).</summary>
    private async Task<BillingAccount> AccountAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.BillingAccounts.ForOrganization(organizationId).SingleOrDefaultAsync(cancellationToken);
        if (account?.StripeCustomerId is not null)
        {
            return account;
        }

        var name = await db.OrganizationNameAsync(organizationId, cancellationToken);
        var customer = await new CustomerService(client).CreateAsync(
            new CustomerCreateOptions { Name = name, Metadata = new Dictionary<string, string> { ["organization_id"] = organizationId.ToString() } },
            new RequestOptions { IdempotencyKey = $"customer-{organizationId:N}" },
            cancellationToken);
        if (account is null)
        {
            account = new BillingAccount { OrganizationId = organizationId };
            db.BillingAccounts.Add(account);
        }

        account.StripeCustomerId = customer.Id;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await LinkedElsewhereAsync(customer.Id, organizationId, cancellationToken))
            {
                throw;
            }

            // Its webhooks would act on the other organization: refused, not linked to both.
            throw new ConflictException(
                $"Stripe customer {customer.Id} is already linked to another organization's billing account, so it cannot be this one's. Contact support to sort out the billing accounts.");
        }

        return account;
    }
}
