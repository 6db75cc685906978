using MudBlazor;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Web.Components.Shared;

/// <summary>A subscription's status as its chip shows it: words a customer reads, and red where a payment failed.</summary>
public static class SubscriptionStatusText
{
    public static string Label(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Trialing => "Trial",
        SubscriptionStatus.PastDue => "Payment failed",
        SubscriptionStatus.Incomplete => "Awaiting payment",
        _ => status.ToString(),
    };

    public static Color Color(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Trialing => MudBlazor.Color.Info,
        SubscriptionStatus.Active => MudBlazor.Color.Success,
        SubscriptionStatus.PastDue => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };
}
