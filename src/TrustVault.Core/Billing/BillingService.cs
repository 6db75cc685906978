using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Billing;

/// <summary>The payment method on file; a method other than a card (SEPA Direct Debit) has no expiry, and may have no last digits (empty).</summary>
public sealed record PaymentMethodView(string Brand, string Last4, int? ExpiryMonth, int? ExpiryYear)
{
    /// <summary>As the billing page shows it: "Visa •••• 4242 · expires 03/2031", "SEPA Direct Debit •••• 3000".</summary>
    public string Description =>
        (Last4 is "" ? Brand : $"{Brand} •••• {Last4}")
        + (ExpiryMonth is { } month && ExpiryYear is { } year ? string.Create(CultureInfo.InvariantCulture, $" · expires {month:00}/{year}") : "");
}

public sealed record InvoiceSummary(Guid Id, string Number, DateTimeOffset PeriodStart, DateTimeOffset IssuedAt, decimal Total, string Currency, InvoiceStatus Status);

public sealed record InvoiceDetail(
    Guid Id, string Number, string OrganizationName, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset IssuedAt, DateTimeOffset? PaidAt,
    decimal Total, string Currency, InvoiceStatus Status, string? FailureReason, IReadOnlyList<InvoiceLine> Lines)
{
    /// <summary>Payments of the invoice after the one that settled it, each refunded in full.</summary>
    public int RefundedDuplicatePayments { get; init; }
}

public sealed record IssuedInvoice(Guid Id, string Number, string OrganizationName, DateTimeOffset PeriodStart, decimal Total, string Currency, InvoiceStatus Status);

/// <summary>An organization's billing as the console shows it: card on file, invoices, the running month's estimate.</summary>
public sealed partial class BillingService(
    IDbContextFactory<TrustVaultDbContext> contexts, IPaymentProvider payments, InvoicingService invoicing, TimeProvider clock)
{
    public bool IsTestMode => payments.IsTestMode;

    /// <summary>Who sets where the organization's payouts go: the Owners alone, as it moves money out.</summary>
    private static readonly OrganizationRole[] PayoutAccountSetters = [OrganizationRole.Owner];

    /// <summary>Whether a member of this role sets the payout account.</summary>
    public static bool MaySetPayoutAccount(OrganizationRole role) => PayoutAccountSetters.Contains(role);

    public async Task<PaymentMethodView?> GetPaymentMethodAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var account = await db.BillingAccounts.AsNoTracking().ForOrganization(organizationId).SingleOrDefaultAsync(cancellationToken);
        return account is { HasPaymentMethod: true, CardLast4: { } last4, CardBrand: { } brand }
            ? new PaymentMethodView(brand, last4, account.CardExpiryMonth, account.CardExpiryYear)
            : null;
    }

    /// <summary>Test mode's simulated card form: keeps brand, last four digits and expiry, never the number.</summary>
    public async Task SaveTestCardAsync(string userId, Guid organizationId, TestCard card, CancellationToken cancellationToken)
    {
        if (!payments.IsTestMode)
        {
            throw new ForbiddenException("Cards are entered on the payment provider's page.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, SubscriptionService.Buyers);
        card.Validate(clock.GetUtcNow());
        var account = await db.BillingAccounts.ForOrganization(organizationId).SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            account = new BillingAccount { OrganizationId = organizationId };
            db.BillingAccounts.Add(account);
        }

        (account.CardBrand, account.CardLast4, account.CardExpiryMonth, account.CardExpiryYear) = (card.Brand, card.Last4, card.ExpiryMonth, card.ExpiryYear);
        db.Record(clock, userId, organizationId, "billing.card-saved", nameof(BillingAccount), organizationId, $"{card.Brand} {card.Last4}");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The payment provider's page for the organization's cards; null in test mode, where the card form is ours.</summary>
    public async Task<string?> PaymentMethodsUrlAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.RequireRoleAsync(userId, organizationId, cancellationToken, SubscriptionService.Buyers);
        }

        return await payments.PaymentMethodsUrlAsync(organizationId, cancellationToken);
    }

    /// <summary>The Stripe Connect account a provider's payouts are transferred to (acct_…).</summary>
    public async Task SetPayoutAccountAsync(string userId, Guid organizationId, string accountId, CancellationToken cancellationToken)
    {
        var clean = accountId.Trim();
        if (!PayoutAccountFormat().IsMatch(clean))
        {
            throw new InvalidInputException("PayoutAccount", "Enter the Stripe account id of your Connect account, e.g. acct_1Nv0FGQ9RKHgCVdK.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, PayoutAccountSetters);
        var account = await db.BillingAccounts.ForOrganization(organizationId).SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            account = new BillingAccount { OrganizationId = organizationId };
            db.BillingAccounts.Add(account);
        }

        account.StripeConnectAccountId = clean;
        db.Record(clock, userId, organizationId, "billing.payout-account-set", nameof(BillingAccount), organizationId, clean);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<string?> GetPayoutAccountAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        return await db.BillingAccounts.ForOrganization(organizationId).Select(a => a.StripeConnectAccountId).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<ItemPage<InvoiceSummary>> ListInvoicesAsync(string userId, Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var mine = db.Invoices.AsNoTracking().ForOrganization(organizationId);
        var items = await mine.OrderByDescending(i => i.PeriodStart).ThenByDescending(i => i.NumberSequence)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .Select(i => new InvoiceSummary(i.Id, i.Number, i.PeriodStart, i.IssuedAt, i.Total, i.Currency, i.Status))
            .ToListAsync(cancellationToken);
        return new ItemPage<InvoiceSummary>(items, await mine.CountAsync(cancellationToken));
    }

    public async Task<InvoiceDetail> GetInvoiceAsync(string userId, Guid organizationId, Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var invoice = await db.Invoices.AsNoTracking().ForOrganization(organizationId).Include(i => i.Lines)
            .SingleOrDefaultAsync(i => i.Id == invoiceId, cancellationToken)
            ?? throw new NotFoundException("The invoice does not exist.");
        var organization = await db.OrganizationNameAsync(organizationId, cancellationToken);
        // The invoice was found in this organization, so its refunds are this organization's.
        var refunded = await PaymentStatus.DuplicateRefundsOf(db, invoice.Id).CountAsync(cancellationToken);
        return new InvoiceDetail(
            invoice.Id, invoice.Number, organization, invoice.PeriodStart, invoice.PeriodEnd, invoice.IssuedAt, invoice.PaidAt, invoice.Total,
            invoice.Currency, invoice.Status, invoice.FailureReason, [.. invoice.Lines.OrderBy(l => l.Kind).ThenBy(l => l.Description, StringComparer.Ordinal)])
        {
            RefundedDuplicatePayments = refunded,
        };
    }

    /// <summary>
    /// The organization <paramref name="invoiceId"/> belongs to when <paramref name="userId"/> is one of its members, whichever
    /// they work in now: a notification mail's link names the invoice only. Null otherwise, as for an invoice that does not
    /// exist, so that a non-member learns nothing of it.
    /// </summary>
    public async Task<Guid?> InvoiceOrganizationAsync(string userId, Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Across organizations, narrowed to the user's own.
        var memberships = db.OrganizationMembers.AcrossOrganizations().Where(m => m.UserId == userId).Select(m => m.OrganizationId);
        return await db.Invoices.AsNoTracking().AcrossOrganizations()
            .Where(i => i.Id == invoiceId && memberships.Contains(i.OrganizationId))
            .Select(i => (Guid?)i.OrganizationId)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Tries an unpaid invoice again with the payment method on file now.</summary>
    public async Task<InvoiceStatus> PayInvoiceAsync(string userId, Guid organizationId, Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, SubscriptionService.Buyers);
        var mine = db.Invoices.AsNoTracking().ForOrganization(organizationId).Where(i => i.Id == invoiceId);
        if (!await mine.AnyAsync(cancellationToken))
        {
            throw new NotFoundException("The invoice does not exist.");
        }

        switch (await invoicing.ChargeAsync(organizationId, invoiceId, cancellationToken))
        {
            case ChargeAttempt.AlreadyPaid:
                throw new InvalidInputException("Invoice", "This invoice is already paid.");
            case ChargeAttempt.UnderWay:
                throw new InvalidInputException("Invoice", "A payment of this invoice is under way: its outcome shows here in a moment.");
            case ChargeAttempt.NoCard:
                throw new InvalidInputException("PaymentMethod", "Add a card in Billing, then pay the invoice.");
        }

        var status = await mine.Select(i => i.Status).SingleAsync(cancellationToken);
        db.Record(clock, userId, organizationId, "invoice.payment-attempted", nameof(Invoice), invoiceId, status.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return status;
    }

    /// <summary>One page of every organization's invoices, the latest issued first: the admins' billing page.</summary>
    /// <param name="status">Only invoices in this status; null for all.</param>
    public async Task<ItemPage<IssuedInvoice>> ListIssuedInvoicesAsync(
        string adminUserId, InvoiceStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var rows = db.Invoices.AsNoTracking().AcrossOrganizations().Where(i => status == null || i.Status == status);
        var items = await rows.OrderByDescending(i => i.IssuedAt).ThenByDescending(i => i.NumberSequence)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .Select(i => new IssuedInvoice(
                i.Id, i.Number, db.Organizations.Where(o => o.Id == i.OrganizationId).Select(o => o.Name).First(), i.PeriodStart, i.Total, i.Currency, i.Status))
            .ToListAsync(cancellationToken);
        return new ItemPage<IssuedInvoice>(items, await rows.CountAsync(cancellationToken));
    }

    /// <summary>
    /// What taking <paramref name="planId"/> would cost and when, changing nothing: a change of plan when the organization
    /// already subscribes to the API, else a new subscription.
    /// </summary>
    public async Task<PlanQuote> QuoteAsync(string userId, Guid organizationId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var plan = await SubscriptionService.OfferedPlanAsync(db, planId, cancellationToken);
        var listingName = await ListingNameAsync(db, plan, cancellationToken);
        var now = clock.GetUtcNow();
        var existing = (await db.Subscriptions.AsNoTracking().ForOrganization(organizationId).Include(s => s.Terms)
            .Where(s => s.ListingId == plan.ListingId && s.EndedAt == null).ToListAsync(cancellationToken))
            .FirstOrDefault(s => s.IsLiveAt(now));
        return existing is null
            ? PlanQuote.ForNewSubscription(listingName, plan, now, await SubscriptionService.HadTrialAsync(db, organizationId, plan.ListingId, cancellationToken))
            : await ChangeQuoteAsync(db, listingName, existing, plan, now, cancellationToken);
    }

    /// <summary>What moving this subscription to <paramref name="planId"/> would cost and when, changing nothing.</summary>
    public async Task<PlanQuote> QuoteChangeAsync(string userId, Guid organizationId, Guid subscriptionId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var subscription = await db.Subscriptions.AsNoTracking().ForOrganization(organizationId).Include(s => s.Terms)
            .SingleOrDefaultAsync(s => s.Id == subscriptionId && s.EndedAt == null, cancellationToken);
        if (subscription is null || !subscription.IsLiveAt(now))
        {
            throw new NotFoundException("The subscription does not exist.");
        }

        var plan = await SubscriptionService.OfferedPlanAsync(db, planId, cancellationToken);
        if (plan.ListingId != subscription.ListingId)
        {
            throw new InvalidInputException("PlanId", SubscriptionService.OtherPlanOfSameApi);
        }

        return await ChangeQuoteAsync(db, await ListingNameAsync(db, plan, cancellationToken), subscription, plan, now, cancellationToken);
    }

    private static Task<string> ListingNameAsync(TrustVaultDbContext db, Plan plan, CancellationToken cancellationToken) =>
        // Another organization's listing: its name is public.
        db.Listings.AsNoTracking().AcrossOrganizations().Where(l => l.Id == plan.ListingId).Select(l => l.Name).SingleAsync(cancellationToken);

    private static async Task<PlanQuote> ChangeQuoteAsync(
        TrustVaultDbContext db, string listingName, Subscription existing, Plan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        existing.SettlePlanAt(now);
        SubscriptionService.RefuseChangeOfCanceled(existing);
        if (existing.PlanId == plan.Id)
        {
            throw new InvalidInputException("PlanId", "This is your current plan.");
        }

        var termPlanIds = existing.Terms.Select(t => t.PlanId).Append(existing.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => termPlanIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return PlanQuote.ForChange(listingName, existing, plans, plan, now);
    }

    /// <summary>The running month's invoices if it closed now, from the usage so far: one per currency.</summary>
    public async Task<IReadOnlyList<InvoiceEstimate>> EstimateAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        }

        return await invoicing.EstimateAsync(organizationId, BillingPeriod.MonthOf(clock.GetUtcNow()), cancellationToken);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^acct_[A-Za-z0-9]{6,64}$")]
    private static partial System.Text.RegularExpressions.Regex PayoutAccountFormat();
}
