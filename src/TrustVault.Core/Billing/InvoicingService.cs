using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Billing;

public sealed record InvoicingRun(BillingPeriod Period, int Issued, int AlreadyIssued, int Paid, int Declined);

/// <summary>The lines one invoice of a running period would have if the period ended now; an invoice has one currency.</summary>
public sealed record InvoiceEstimate(string Currency, IReadOnlyList<InvoiceLineDraft> Lines);

/// <summary>What one attempt to collect an invoice came to: the payment provider's answer, or why it was not asked.</summary>
internal enum ChargeAttempt
{
    Paid,
    Declined,

    /// <summary>The provider settles later and says so by webhook; until then the attempt stays under way.</summary>
    Pending,

    /// <summary>A 0.00 invoice: paid without asking the provider.</summary>
    NothingOwed,

    AlreadyPaid,

    /// <summary>Another attempt is with the provider.</summary>
    UnderWay,

    /// <summary>No card on file: the invoice stays as it is until one is added (its mail said so).</summary>
    NoCard,
}

/// <summary>
/// Issues one invoice per organization, period and currency from the subscriptions live in the period and
/// their billable calls, then charges it. Idempotent: the unique (organization, period, currency) index
/// means a second or concurrent run finds the invoice instead of adding one, and charges carry the
/// invoice id as idempotency key, so there is one charge too.
/// </summary>
public sealed class InvoicingService(
    IDbContextFactory<TrustVaultDbContext> contexts, IPaymentProvider payments, NotificationLinks links, IOptions<BillingOptions> options, TimeProvider clock,
    ILogger<InvoicingService> logger)
{
    /// <summary>
    /// How long an attempt may go unanswered before another may start. The next attempt asks again under the same
    /// idempotency key, so overlapping a slow attempt still alive gets its answer, not a second charge: this need only
    /// outlast an ordinary charge.
    /// </summary>
    private static readonly TimeSpan UnansweredChargeExpiry = TimeSpan.FromMinutes(10);

    /// <exception cref="InvalidInputException">The period has not ended (unless <see cref="BillingOptions.AllowEarlyInvoicing"/>).</exception>
    public async Task<InvoicingRun> RunAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        if (period.End > clock.GetUtcNow() && !options.Value.AllowEarlyInvoicing)
        {
            throw new InvalidInputException("Period", $"{period.Start:MMMM yyyy} has not ended: it is invoiced once it has, on the 1st of the month after.");
        }

        var drafts = await DraftLinesAsync(period, null, cancellationToken);
        int issued = 0, existing = 0;
        foreach (var group in drafts.GroupBy(d => (d.OrganizationId, d.Line.Currency)))
        {
            if (await IssueAsync(group.Key.OrganizationId, group.Key.Currency, period, [.. group.Select(g => g.Line)], cancellationToken))
            {
                issued++;
            }
            else
            {
                existing++;
            }
        }

        var (paid, declined) = await ChargeOpenAsync(period, cancellationToken);
        logger.LogInformation("Invoicing {Period}: {Issued} issued, {Existing} already issued, {Paid} paid, {Declined} declined", period, issued, existing, paid, declined);
        return new InvoicingRun(period, issued, existing, paid, declined);
    }

    /// <summary>
    /// What the organization would be invoiced for <paramref name="period"/> if it ended now, one invoice per currency in order
    /// of its code: the console's estimate. A currency whose invoice for the period is issued already is left out: that invoice
    /// holds its lines, and no second one comes.
    /// </summary>
    public async Task<IReadOnlyList<InvoiceEstimate>> EstimateAsync(Guid organizationId, BillingPeriod period, CancellationToken cancellationToken)
    {
        var drafts = await DraftLinesAsync(period, organizationId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invoiced = await db.Invoices.ForOrganization(organizationId).Where(i => i.PeriodStart == period.Start).Select(i => i.Currency).ToListAsync(cancellationToken);
        return [.. drafts.Select(d => d.Line).Where(l => !invoiced.Contains(l.Currency))
            .GroupBy(l => l.Currency)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new InvoiceEstimate(g.Key, [.. g]))];
    }

    private async Task<List<(Guid OrganizationId, InvoiceLineDraft Line)>> DraftLinesAsync(
        BillingPeriod period, Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Include(s => s.Terms)
            .Where(s => organizationId == null || s.OrganizationId == organizationId)
            .Where(s => s.StartedAt < period.End && (s.EndedAt == null || s.EndedAt > period.Start) && s.Status != SubscriptionStatus.Incomplete)
            .Select(s => new { Subscription = s, ListingName = s.Listing!.Name, Provider = s.Listing.OrganizationId })
            .ToListAsync(cancellationToken);
        var planIds = subscriptions.SelectMany(s => s.Subscription.Terms).Select(t => t.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var drafts = new List<(Guid, InvoiceLineDraft)>();
        foreach (var row in subscriptions)
        {
            var s = row.Subscription;
            var terms = s.Terms.Select(t =>
            {
                var plan = plans[t.PlanId];
                return new BilledTerm(plan.Id, plan.Name, plan.MonthlyPrice, plan.Currency, plan.IncludedCallsPerMonth, plan.OveragePricePer1000, t.From, t.To);
            }).ToList();
            var ends = new[] { s.CancelsAt, s.EndedAt }.Where(d => d is not null).Min();
            var calls = await BillableCalls.CountAsync(db, s.Id, period, cancellationToken);
            var billed = new BilledSubscription(s.Id, s.ListingId, row.ListingName, row.Provider, s.StartedAt, s.TrialEndsAt, ends, terms, calls);
            drafts.AddRange(InvoiceCalculator.Lines(period, billed).Select(line => (s.OrganizationId, line)));
        }

        return drafts;
    }

    /// <summary>Adds the invoice unless one exists for the organization, period and currency; false when it did.</summary>
    private async Task<bool> IssueAsync(Guid organizationId, string currency, BillingPeriod period, IReadOnlyList<InvoiceLineDraft> lines, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.Invoices.ForOrganization(organizationId).AnyAsync(i => i.PeriodStart == period.Start && i.Currency == currency, cancellationToken))
            {
                return false;
            }

            var sequence = 1 + (await db.Invoices.Where(i => i.NumberYear == now.Year).MaxAsync(i => (int?)i.NumberSequence, cancellationToken) ?? 0);
            var invoice = new Invoice
            {
                OrganizationId = organizationId,
                PeriodStart = period.Start,
                PeriodEnd = period.End,
                Currency = currency,
                Number = Invoice.FormatNumber(now.Year, sequence),
                NumberYear = now.Year,
                NumberSequence = sequence,
                Total = lines.Sum(l => l.Amount),
                Status = InvoiceStatus.Open,
                IssuedAt = now,
            };
            invoice.Lines.AddRange(lines.Select(l => new InvoiceLine
            {
                InvoiceId = invoice.Id,
                Kind = l.Kind,
                Description = l.Description,
                SubscriptionId = l.SubscriptionId,
                ListingId = l.ListingId,
                PlanId = l.PlanId,
                ProviderOrganizationId = l.ProviderOrganizationId,
                Quantity = l.Quantity,
                UnitAmount = l.UnitAmount,
                Amount = l.Amount,
            }));
            db.Invoices.Add(invoice);
            await PaymentStatus.PublishAsync(db, now, invoice, WebhookEventTypes.InvoiceIssued, failureReason: null, cancellationToken);
            // The run charges the invoice right after it is issued, to the card on file if there is one.
            var card = (await db.BillingAccounts.AsNoTracking().ForOrganization(organizationId).SingleOrDefaultAsync(cancellationToken))?.CardOnFile;
            await PaymentStatus.TellBillingAsync(
                db, now, invoice.OrganizationId,
                (to, organization) => EmailTemplates.InvoiceIssued(
                    to, organization, invoice.Number, invoice.Total, invoice.Currency, invoice.PeriodStart, card, links.Invoice(invoice.Id)),
                cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another run took this number or issued this invoice meanwhile: look again.
            }
        }
    }

    private async Task<(int Paid, int Declined)> ChargeOpenAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        List<(Guid OrganizationId, Guid Id)> open;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            open = [.. (await db.Invoices.AsNoTracking().AcrossOrganizations()
                .Where(i => i.PeriodStart == period.Start && i.Status == InvoiceStatus.Open && i.PaymentAttempts == 0)
                .Select(i => new { i.OrganizationId, i.Id }).ToListAsync(cancellationToken)).Select(i => (i.OrganizationId, i.Id))];
        }

        int paid = 0, declined = 0;
        foreach (var (organizationId, invoiceId) in open)
        {
            switch (await ChargeAsync(organizationId, invoiceId, cancellationToken))
            {
                case ChargeAttempt.Paid or ChargeAttempt.NothingOwed:
                    paid++;
                    break;
                case ChargeAttempt.Declined:
                    declined++;
                    break;
            }
        }

        return (paid, declined);
    }

    /// <summary>
    /// One more attempt to collect the invoice, with what follows from the answer. Single-flight: the attempt is claimed
    /// (<see cref="Invoice.ChargeStartedAt"/>) and its answer recorded under the organization's lock, so a second attempt
    /// meanwhile (the run's charge and Pay now, two clicks) finds it under way and asks the provider nothing. The provider
    /// is asked between the two, outside the lock: its answer may take a while, and the lock holds up the organization's
    /// other changes (every write, on SQLite, the local ledger's own included) meanwhile.
    /// </summary>
    internal async Task<ChargeAttempt> ChargeAsync(Guid organizationId, Guid invoiceId, CancellationToken cancellationToken)
    {
        var (refused, request) = await ClaimAsync(organizationId, invoiceId, cancellationToken);
        if (request is null)
        {
            return refused;
        }

        ChargeResult result;
        try
        {
            result = await payments.ChargeAsync(request, cancellationToken);
        }
        catch
        {
            await GiveBackAsync(request, CancellationToken.None);
            throw;
        }

        return await RecordAsync(request, result, cancellationToken);
    }

    /// <summary>The next attempt's request, the invoice marked as being charged; or why there is none.</summary>
    private async Task<(ChargeAttempt Refused, ChargeRequest? Request)> ClaimAsync(Guid organizationId, Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var invoice = await db.Invoices.ForOrganization(organizationId).Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId, cancellationToken);
        var now = clock.GetUtcNow();
        if (invoice.Status == InvoiceStatus.Paid)
        {
            return (ChargeAttempt.AlreadyPaid, null);
        }

        if (invoice.ChargeStartedAt + UnansweredChargeExpiry > now)
        {
            return (ChargeAttempt.UnderWay, null);
        }

        if (invoice.Total == 0)
        {
            await PaymentStatus.MarkPaidAsync(db, invoice, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (ChargeAttempt.NothingOwed, null);
        }

        var account = await db.BillingAccounts.AsNoTracking().ForOrganization(organizationId).SingleOrDefaultAsync(cancellationToken);
        if (account?.HasPaymentMethod != true)
        {
            return (ChargeAttempt.NoCard, null);
        }

        // An attempt the provider never answered (its node stopped, or the provider could not be reached) is asked again
        // under its own idempotency key: a charge it made unheard is answered again, not made twice.
        if (invoice.ChargeStartedAt is null)
        {
            invoice.PaymentAttempts++;
        }

        invoice.ChargeStartedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var lines = invoice.Lines.Select(l => new ChargeLine(l.Id, l.Description, l.Amount)).ToList();
        return (default, new ChargeRequest(invoice.Id, invoice.PaymentAttempts, invoice.OrganizationId, invoice.Number, invoice.Currency, invoice.Total, lines));
    }

    /// <summary>The provider's answer to the attempt, recorded as the invoice stands now.</summary>
    private async Task<ChargeAttempt> RecordAsync(ChargeRequest request, ChargeResult result, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginOrganizationTransactionAsync(request.OrganizationId, cancellationToken);
        var invoice = await db.Invoices.ForOrganization(request.OrganizationId).SingleAsync(i => i.Id == request.InvoiceId, cancellationToken);
        var duplicate = await PaymentStatus.RecordAnswerAsync(db, links, invoice, request.Attempt, result, clock.GetUtcNow(), logger, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (duplicate is not null)
        {
            await PaymentStatus.RefundDuplicateAsync(contexts, payments, duplicate, clock, logger, cancellationToken);
        }

        return result.Outcome switch
        {
            ChargeOutcome.Paid => ChargeAttempt.Paid,
            ChargeOutcome.Declined => ChargeAttempt.Declined,
            _ => ChargeAttempt.Pending,
        };
    }

    /// <summary>
    /// The provider gave no answer: the attempt is left unanswered, as one whose node stopped would be, so that the next
    /// attempt may start at once and asks again under the same key.
    /// </summary>
    private async Task GiveBackAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginOrganizationTransactionAsync(request.OrganizationId, cancellationToken);
        var invoice = await db.Invoices.ForOrganization(request.OrganizationId).SingleAsync(i => i.Id == request.InvoiceId, cancellationToken);
        if (invoice.ChargeStartedAt is { } started && invoice.PaymentAttempts == request.Attempt)
        {
            invoice.ChargeStartedAt = started - UnansweredChargeExpiry;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
