using TrustVault.Core.Billing;

namespace TrustVault.Web.Components.Shared;

/// <summary>When a change of plan takes effect, as the quote and the message after the change both say it.</summary>
public static class PlanChangeText
{
    /// <summary>When a downgrade applies: the end of the running trial it waits for, or the end of the billing period.</summary>
    public static string AppliesAt(PlanQuote quote) =>
        quote.AppliesAtTrialEnd
            ? $"{DateFormat.Day(quote.AppliesAt)}, when the {quote.CurrentPlanName} trial ends"
            : $"{DateFormat.Day(quote.AppliesAt)}, the end of this billing period";

    /// <summary>What the buyer is told once the change of <paramref name="quote"/> is made; <paramref name="now"/> when it applied at once.</summary>
    public static string Changed(PlanQuote quote, bool now) =>
        now ? $"Switched to {quote.PlanName}: it applies now." : $"{quote.PlanName} applies from {AppliesAt(quote)}.";
}
