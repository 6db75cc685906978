using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Billing;

public sealed class PlanConfirmDialogTests : MudBunitContext
{
    private static DateTimeOffset Nov(int day) => new(2026, 11, day, 0, 0, 0, TimeSpan.Zero);

    private static readonly Plan Growth = new()
    {
        Name = "Growth",
        MonthlyPrice = 30m,
        Currency = "EUR",
        TrialDays = 7,
        IncludedCallsPerMonth = 50_000,
        OveragePricePer1000 = 0.4m,
    };

    private (IRenderedComponent<MudDialogProvider> Provider, Task<bool> Confirmed) Show(PlanQuote quote)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var confirmed = provider.InvokeAsync(() => PlanConfirmDialog.ConfirmAsync(dialogs, quote));
        provider.WaitForElement("[data-testid=plan-quote]");
        return (provider, confirmed);
    }

    private static string Text(IRenderedComponent<MudDialogProvider> provider, string testId) => provider.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public async Task A_new_subscription_shows_price_currency_trial_first_charge_and_overage_and_confirms()
    {
        var (provider, confirmed) = Show(PlanQuote.ForNewSubscription("Tides", Growth, Nov(10)));

        Assert.Equal("€30.00 per month", Text(provider, "quote-price"));
        Assert.Equal("EUR", Text(provider, "quote-currency"));
        Assert.Equal("Free until 17 Nov 2026", Text(provider, "quote-trial"));
        // Paid from the 17th: 14 of November's 30 days.
        Assert.Equal("€14.00 on 1 Dec 2026, when November 2026 is invoiced", Text(provider, "quote-first-charge"));
        Assert.Contains("then €0.40 per 1,000 calls", Text(provider, "quote-overage"), StringComparison.Ordinal);
        Assert.Empty(provider.FindAll("[data-testid=quote-prorated]"));

        provider.Find("[data-testid=quote-confirm]").Click();

        Assert.True(await confirmed);
    }

    [Fact]
    public void A_downgrade_during_a_trial_takes_effect_when_the_trial_ends_and_says_so()
    {
        var free = new Plan { Name = "Free", Currency = "EUR", IncludedCallsPerMonth = 1_000 };
        var subscription = Subscription.Start(Guid.NewGuid(), Growth, Nov(28));
        var quote = PlanQuote.ForChange("Tides", subscription, new Dictionary<Guid, Plan> { [Growth.Id] = Growth }, free, Nov(29));

        var (provider, _) = Show(quote);

        Assert.Equal("5 Dec 2026, when the Growth trial ends; Growth stays until then", Text(provider, "quote-applies"));
        Assert.Equal("Free applies from 5 Dec 2026, when the Growth trial ends.", PlanChangeText.Changed(quote, now: false));
    }

    [Fact]
    public void A_downgrade_after_the_trial_takes_effect_at_the_end_of_the_billing_period()
    {
        var free = new Plan { Name = "Free", Currency = "EUR", IncludedCallsPerMonth = 1_000 };
        var subscription = Subscription.Start(Guid.NewGuid(), Growth, Nov(1).AddMonths(-1));
        var quote = PlanQuote.ForChange("Tides", subscription, new Dictionary<Guid, Plan> { [Growth.Id] = Growth }, free, Nov(16));

        var (provider, _) = Show(quote);

        Assert.Equal("1 Dec 2026, the end of this billing period; Growth stays until then", Text(provider, "quote-applies"));
        Assert.Equal("Free applies from 1 Dec 2026, the end of this billing period.", PlanChangeText.Changed(quote, now: false));
    }

    [Fact]
    public async Task An_upgrade_shows_the_prorated_amount_and_cancel_declines()
    {
        var basic = new Plan { Name = "Basic", MonthlyPrice = 10m, IncludedCallsPerMonth = 1_000 };
        var pro = new Plan { Name = "Pro", MonthlyPrice = 40m, IncludedCallsPerMonth = 100_000 };
        var subscription = Subscription.Start(Guid.NewGuid(), basic, Nov(1).AddMonths(-1));
        var quote = PlanQuote.ForChange("Tides", subscription, new Dictionary<Guid, Plan> { [basic.Id] = basic }, pro, Nov(16));

        var (provider, confirmed) = Show(quote);

        Assert.Equal("Tides – Pro (now Basic)", Text(provider, "quote-plan"));
        Assert.Equal("Now", Text(provider, "quote-applies"));
        Assert.Equal("$20.00 for the rest of November 2026 on Pro", Text(provider, "quote-prorated"));
        Assert.Contains("hard cap", Text(provider, "quote-overage"), StringComparison.Ordinal);

        provider.Find("[data-testid=quote-cancel]").Click();

        Assert.False(await confirmed);
    }
}
