using System.Globalization;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Billing;

/// <summary>A plan in force on a subscription over [From, To), with the terms an invoice needs.</summary>
public sealed record BilledTerm(
    Guid PlanId, string PlanName, decimal MonthlyPrice, string Currency, long IncludedCalls, decimal? OveragePricePer1000,
    DateTimeOffset From, DateTimeOffset? To);

/// <summary>One subscription as the invoicing of one period sees it.</summary>
public sealed record BilledSubscription(
    Guid SubscriptionId, Guid ListingId, string ListingName, Guid ProviderOrganizationId, DateTimeOffset StartedAt, DateTimeOffset? TrialEndsAt,
    DateTimeOffset? EndsAt, IReadOnlyList<BilledTerm> Terms, long BillableCalls);

/// <summary>A line before it belongs to an invoice.</summary>
public sealed record InvoiceLineDraft(
    InvoiceLineKind Kind, string Description, Guid SubscriptionId, Guid ListingId, Guid PlanId, Guid ProviderOrganizationId, string Currency,
    decimal Quantity, decimal UnitAmount, decimal Amount);

/// <summary>
/// The lines of one subscription for one period. Fees are charged for the time a plan was in force and
/// paid for (after any trial, before the end), prorated by time: price × (seconds in force ÷ seconds in
/// the period), rounded to the currency's minor unit (cents, whole yen) per line. A fee line is one of the plan for the days it names, at that amount,
/// as Stripe bills a proration: quantity × unit price is the amount to the cent, where a share rounded for display
/// (0.3333 or 33.3% of 299.00) would multiply out a cent off. Overage is billed in arrears on the plan in force at the
/// end of the period, per started 1,000 billable calls past its included ones.
/// </summary>
public static class InvoiceCalculator
{
    private const long CallsPerBlock = 1_000;

    public static IReadOnlyList<InvoiceLineDraft> Lines(BillingPeriod period, BilledSubscription subscription)
    {
        var lines = new List<InvoiceLineDraft>();
        var paidFrom = Max(period.Start, subscription.TrialEndsAt ?? subscription.StartedAt, subscription.StartedAt);
        var paidUntil = subscription.EndsAt is { } ends && ends < period.End ? ends : period.End;
        foreach (var term in subscription.Terms.OrderBy(t => t.From))
        {
            var from = Max(paidFrom, term.From);
            var to = term.To is { } termEnd && termEnd < paidUntil ? termEnd : paidUntil;
            if (to <= from || term.MonthlyPrice <= 0)
            {
                continue;
            }

            var share = (decimal)(to - from).Ticks / period.Length.Ticks;
            var description = share < 1m
                ? $"{subscription.ListingName} – {term.PlanName} plan, {Day(from)} to {Day(to.AddTicks(-1))} (prorated from {Price(term.MonthlyPrice, term.Currency)} {term.Currency} a month)"
                : $"{subscription.ListingName} – {term.PlanName} plan, {Day(period.Start)} to {Day(period.End.AddTicks(-1))}";
            var amount = Money.ToMinorUnits(term.MonthlyPrice * share, term.Currency);
            lines.Add(new InvoiceLineDraft(
                InvoiceLineKind.Fee, description, subscription.SubscriptionId, subscription.ListingId, term.PlanId, subscription.ProviderOrganizationId,
                term.Currency, 1, amount, amount));
        }

        var final = subscription.Terms.Where(t => t.From < period.End).MaxBy(t => t.From);
        if (final is { OveragePricePer1000: { } price } && subscription.BillableCalls > final.IncludedCalls)
        {
            var over = subscription.BillableCalls - final.IncludedCalls;
            var blocks = (over + CallsPerBlock - 1) / CallsPerBlock;
            lines.Add(new InvoiceLineDraft(
                InvoiceLineKind.Overage,
                $"{subscription.ListingName} – {over.ToString("N0", CultureInfo.InvariantCulture)} calls over the {final.IncludedCalls.ToString("N0", CultureInfo.InvariantCulture)} included ({blocks} × 1,000)",
                subscription.SubscriptionId, subscription.ListingId, final.PlanId, subscription.ProviderOrganizationId, final.Currency,
                blocks, price, Money.ToMinorUnits(blocks * price, final.Currency)));
        }

        return lines;
    }

    private static DateTimeOffset Max(params DateTimeOffset[] instants) => instants.Max();

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string Price(decimal amount, string currency) => amount.ToString("N" + Money.MinorDigits(currency), CultureInfo.InvariantCulture);
}
