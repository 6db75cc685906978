namespace TrustVault.Core.Subscriptions;

/// <summary>A monthly billing period [Start, End), anchored on the day the subscription started.</summary>
public readonly record struct BillingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The period that contains <paramref name="now"/> for a subscription started at <paramref name="anchor"/>.</summary>
    public static BillingPeriod Containing(DateTimeOffset anchor, DateTimeOffset now)
    {
        if (now < anchor)
        {
            return new BillingPeriod(anchor, anchor.AddMonths(1));
        }

        // AddMonths from the anchor each time (not from the previous end) keeps the 31st on month ends.
        var months = ((now.Year - anchor.Year) * 12) + now.Month - anchor.Month;
        var start = anchor.AddMonths(months);
        if (start > now)
        {
            start = anchor.AddMonths(--months);
        }

        return new BillingPeriod(start, anchor.AddMonths(months + 1));
    }
}
