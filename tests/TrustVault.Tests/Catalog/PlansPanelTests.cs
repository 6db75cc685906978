using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Catalog;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Portal;

namespace TrustVault.Tests.Catalog;

/// <summary>The provider portal's plan form over Core's real ListingService.</summary>
public sealed class PlansPanelTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public PlansPanelTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<ListingService>());
    }

    private static IElement Input(IRenderedComponent<PlansPanel> panel, string testId)
    {
        var element = panel.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public async Task A_quota_that_is_no_number_is_not_saved_as_zero()
    {
        var (panel, plans) = await RenderDraftAsync("unreadable-quota@example.com");

        panel.Find("[data-testid=plan-form] input").Change("Huge");
        Input(panel, "plan-calls-input").Change("99999999999999999999999");
        panel.Find("[data-testid=plan-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Not a valid number", panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await plans());
    }

    [Fact]
    public async Task A_price_with_a_decimal_comma_is_no_number_not_a_hundred_times_the_price()
    {
        var (panel, plans) = await RenderDraftAsync("decimal-comma@example.com");

        panel.Find("[data-testid=plan-form] input").Change("Comma");
        Input(panel, "plan-price-input").Change("9,99");
        panel.Find("[data-testid=plan-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Not a valid number", panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await plans());
    }

    [Fact]
    public async Task A_negative_price_shows_a_message_next_to_the_field_and_saves_nothing()
    {
        var (panel, plans) = await RenderDraftAsync("negative-price@example.com");

        panel.Find("[data-testid=plan-form] input").Change("Broken");
        Input(panel, "plan-price-input").Change("-5");
        panel.Find("[data-testid=plan-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains("A price cannot be negative: enter 0 for a free plan.", panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await plans());
    }

    [Fact]
    public async Task A_second_invalid_value_in_the_same_field_shows_its_error_again()
    {
        var (panel, plans) = await RenderDraftAsync("negative-twice@example.com");
        const string error = "A price cannot be negative: enter 0 for a free plan.";
        panel.Find("[data-testid=plan-form] input").Change("Twice");

        Input(panel, "plan-price-input").Change("-5");
        panel.Find("[data-testid=plan-save]").Click();
        panel.WaitForAssertion(() => Assert.Contains(error, panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal));

        Input(panel, "plan-price-input").Change("-7");
        panel.Find("[data-testid=plan-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains(error, panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await plans());
    }

    [Fact]
    public async Task Numbers_out_of_range_show_messages_instead_of_being_changed_and_saved()
    {
        var (panel, plans) = await RenderDraftAsync("out-of-range@example.com");

        panel.Find("[data-testid=plan-form] input").Change("Stretched");
        Input(panel, "plan-price-input").Change("5");
        Input(panel, "plan-trial-input").Change("1000");
        Input(panel, "plan-per-second-input").Change("-5");
        panel.Find("[data-testid=plan-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains($"Enter 0 to {PlanRules.MaxTrialDays} days.", panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Enter 1 to 10,000 requests per second.", panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal);
        Assert.Empty(await plans());
    }

    [Fact]
    public async Task A_price_with_too_many_decimals_is_shown_as_typed_beside_its_message()
    {
        var (panel, plans) = await RenderDraftAsync("many-decimals@example.com");

        panel.Find("[data-testid=plan-form] input").Change("Precise");
        Input(panel, "plan-price-input").Change("9.999999");
        panel.Find("[data-testid=plan-save]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Use at most two decimals", panel.Find("[data-testid=plan-form]").TextContent, StringComparison.Ordinal));
        Assert.Equal("9.999999", Input(panel, "plan-price-input").GetAttribute("value"));
        Assert.Empty(await plans());
    }

    [Fact]
    public async Task A_live_plans_change_in_review_is_where_its_next_edit_starts_and_a_proposed_plan_is_listed()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Starter", MonthlyPrice = 10m, IncludedCallsPerMonth = 500 });
        var listings = host.Get<ListingService>();
        var (providerId, organizationId) = (tides.ProviderId, tides.ProviderOrganizationId);
        await listings.UpdatePlanAsync(providerId, organizationId, tides.PlanIds[0], new PlanInput { Name = "Starter", MonthlyPrice = 10m, IncludedCallsPerMonth = 777 }, CancellationToken.None);
        await listings.AddPlanAsync(providerId, organizationId, tides.ListingId, new PlanInput { Name = "Pro", MonthlyPrice = 25m }, CancellationToken.None);
        var revision = await listings.GetLatestRevisionAsync(providerId, organizationId, tides.ListingId, CancellationToken.None);
        var listing = await listings.GetAsync(providerId, organizationId, tides.ListingId, CancellationToken.None);

        var panel = Render<PlansPanel>(p => p
            .Add(c => c.Listing, listing)
            .Add(c => c.UserId, providerId)
            .Add(c => c.OrganizationId, organizationId)
            .Add(c => c.Proposed, revision!.ProposedPlans));

        Assert.Contains("change in review", panel.Find("[data-testid=plans-table]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Pro", Assert.Single(panel.FindAll("[data-testid=proposed-plan]")).TextContent, StringComparison.Ordinal);
        panel.FindAll("button").First(b => b.TextContent.Trim() == "Edit").Click();
        Assert.Equal("777", Input(panel, "plan-calls-input").GetAttribute("value"));
    }

    [Fact]
    public async Task Retiring_a_plan_asks_first_and_cancelling_keeps_it_offered()
    {
        var dialogs = Render<MudDialogProvider>();
        var (draft, _) = await RenderDraftAsync("retiring@example.com");
        var (listingId, providerId, organizationId) = (draft.Instance.Listing.Id, draft.Instance.UserId, draft.Instance.OrganizationId);
        var listings = host.Get<ListingService>();
        await listings.AddPlanAsync(providerId, organizationId, listingId, new PlanInput { Name = "Starter", MonthlyPrice = 10m }, CancellationToken.None);
        async Task<Plan> StarterAsync() => (await listings.GetAsync(providerId, organizationId, listingId, CancellationToken.None)).Plans.Single();
        var listing = await listings.GetAsync(providerId, organizationId, listingId, CancellationToken.None);
        var panel = Render<PlansPanel>(p => p
            .Add(c => c.Listing, listing)
            .Add(c => c.UserId, providerId)
            .Add(c => c.OrganizationId, organizationId));
        IElement Retire() => panel.FindAll("button").First(b => b.TextContent.Trim() == "Retire");

        Retire().Click();
        dialogs.WaitForAssertion(() => Assert.Contains("cannot be offered again", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=confirm-cancel]").Click();
        Assert.Null((await StarterAsync()).RetiredAt);

        Retire().Click();
        dialogs.WaitForElement("[data-testid=confirm-ok]").Click();
        await WaitUntilAsync(async () => (await StarterAsync()).RetiredAt is not null);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100 && !await condition(); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(await condition());
    }

    /// <summary>The plan form of a new provider's draft listing, and a way to read the listing's saved plans.</summary>
    private async Task<(IRenderedComponent<PlansPanel> Panel, Func<Task<List<Plan>>> Plans)> RenderDraftAsync(string email)
    {
        var (providerId, organizationId) = await host.AddProviderAsync(email);
        var listings = host.Get<ListingService>();
        var listingId = await listings.CreateAsync(providerId, organizationId, new ListingInput
        {
            Name = "Harbour",
            Slug = $"harbour-{Guid.NewGuid():N}"[..20],
            Summary = "Harbour",
            Category = "Weather",
            UpstreamBaseUrl = "https://harbour.example.com",
        }, CancellationToken.None);
        var listing = await listings.GetAsync(providerId, organizationId, listingId, CancellationToken.None);
        var panel = Render<PlansPanel>(p => p
            .Add(c => c.Listing, listing)
            .Add(c => c.UserId, providerId)
            .Add(c => c.OrganizationId, organizationId));
        return (panel, async () => (await listings.GetAsync(providerId, organizationId, listingId, CancellationToken.None)).Plans);
    }
}
