using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Console;
using TrustVault.Web.Components.Pages.Portal;
using TrustVault.Web.Components.Shared;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Metering;

/// <summary>
/// The console's usage page and the portal's call lookup over Core's real services: a customer sees its own calls and
/// never another's, a provider sees calls to its listings without the customer's key.
/// </summary>
public sealed class UsagePagesTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public UsagePagesTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<UsageDrillDownService>());
        Services.AddSingleton(host.Get<ApiKeyService>());
        Services.AddSingleton(host.Get<SubscriptionService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    /// <summary>
    /// A customer with one key and one failed call to a listing of <paramref name="listing"/>, yesterday, in their personal
    /// organization or in a team of theirs named <paramref name="team"/>.
    /// </summary>
    private async Task<(string UserId, string KeyName, string RequestId, Guid OrganizationId)> CustomerWithACallAsync(string email, Guid listing, string? team = null)
    {
        var user = await host.AddUserAsync(email);
        var organizations = host.Get<OrganizationService>();
        var organization = team is null
            ? await organizations.EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None)
            : await organizations.CreateAsync(user.Id, team, CancellationToken.None);
        var key = await host.Get<ApiKeyService>().CreateAsync(user.Id, organization, $"{email} key", null, false, CancellationToken.None);
        var requestId = $"page-{Guid.NewGuid():N}";
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.UsageEvents.Add(new UsageEvent
        {
            RequestId = requestId,
            At = host.Clock.GetUtcNow().AddDays(-1),
            OrganizationId = organization,
            ListingId = listing,
            ApiKeyId = key.Key.Id,
            Method = "GET",
            Route = "/tides/v1/levels",
            Status = 429,
            LatencyMs = 3,
        });
        await db.SaveChangesAsync();
        return (user.Id, key.Key.Name, requestId, organization);
    }

    private async Task<Guid> ListingAsync(string providerEmail)
    {
        var (providerId, providerOrganization) = await host.AddProviderAsync(providerEmail);
        return await host.Get<ListingService>().CreateAsync(providerId, providerOrganization, new ListingInput
        {
            Name = "Tides",
            Slug = $"tides-{Guid.NewGuid():N}"[..20],
            Summary = "Tides",
            Category = "Weather",
            UpstreamBaseUrl = "https://tides.example.com",
        }, CancellationToken.None);
    }

    private static AngleSharp.Dom.IElement Input<T>(IRenderedComponent<T> page, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public async Task The_usage_page_shows_the_customers_own_groups_and_failed_calls_and_finds_only_its_own_calls()
    {
        var listing = await ListingAsync("page-provider@example.com");
        var a = await CustomerWithACallAsync("page-a@example.com", listing);
        var b = await CustomerWithACallAsync("page-b@example.com", listing);
        SignIn(a.UserId);

        Render<MudPopoverProvider>();
        var page = Render<Usage>();

        page.WaitForAssertion(() => Assert.Contains(a.RequestId, page.Find("[data-testid=usage-errors]").TextContent, StringComparison.Ordinal));
        var shown = page.Find("[data-testid=usage-groups]").TextContent + page.Find("[data-testid=usage-errors]").TextContent;
        Assert.Contains(a.KeyName, shown, StringComparison.Ordinal);
        Assert.Contains("4xx", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(b.KeyName, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(b.RequestId, shown, StringComparison.Ordinal);
        Assert.Contains("from=", page.Find("[data-testid=usage-export]").GetAttribute("href"), StringComparison.Ordinal);

        Input(page, "call-lookup-id").Input(b.RequestId);
        page.Find("[data-testid=call-lookup-find]").Click();
        page.WaitForAssertion(() => Assert.Equal(CallLookup.NotFoundText, page.Find("[data-testid=call-lookup-not-found]").TextContent.Trim()));

        Input(page, "call-lookup-id").Input(a.RequestId);
        page.Find("[data-testid=call-lookup-find]").Click();
        page.WaitForAssertion(() => Assert.Equal(a.KeyName, page.Find("[data-testid=call-key]").TextContent));
        Assert.Equal("no", page.Find("[data-testid=call-billable]").TextContent);
    }

    [Fact]
    public async Task A_mails_link_naming_another_of_the_readers_organizations_shows_that_ones_usage_and_makes_it_current()
    {
        var listing = await ListingAsync("link-provider@example.com");
        var teamCall = await CustomerWithACallAsync("link-team@example.com", listing, "Link team");
        var readerCall = await CustomerWithACallAsync("link-reader@example.com", listing);
        var (team, reader) = (teamCall.OrganizationId, readerCall.OrganizationId);
        var organizations = host.Get<OrganizationService>();
        var invitation = await organizations.InviteAsync(teamCall.UserId, team, "link-reader@example.com", OrganizationRole.Billing, t => t, CancellationToken.None);
        await organizations.AcceptInvitationAsync(readerCall.UserId, invitation.Token, CancellationToken.None);
        await organizations.SwitchAsync(readerCall.UserId, reader, CancellationToken.None);
        SignIn(readerCall.UserId);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/console/usage?org={team}");

        Render<MudPopoverProvider>();
        var page = Render<Usage>();

        page.WaitForAssertion(() => Assert.Contains(teamCall.RequestId, page.Find("[data-testid=usage-errors]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(readerCall.RequestId, page.Find("[data-testid=usage-errors]").TextContent, StringComparison.Ordinal);
        Assert.Equal(team, (await organizations.GetCurrentAsync(readerCall.UserId, CancellationToken.None))!.OrganizationId);
        Assert.Contains("You now work in", Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_naming_an_organization_the_reader_is_not_in_shows_their_own_usage_and_says_so()
    {
        var listing = await ListingAsync("stranger-provider@example.com");
        var strangerCall = await CustomerWithACallAsync("stranger@example.com", listing);
        var readerCall = await CustomerWithACallAsync("not-member@example.com", listing);
        var (stranger, reader) = (strangerCall.OrganizationId, readerCall.OrganizationId);
        SignIn(readerCall.UserId);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/console/usage?org={stranger}");

        Render<MudPopoverProvider>();
        var page = Render<Usage>();

        page.WaitForAssertion(() => Assert.Contains(readerCall.RequestId, page.Find("[data-testid=usage-errors]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(strangerCall.RequestId, page.Find("[data-testid=usage-errors]").TextContent, StringComparison.Ordinal);
        Assert.Equal(reader, (await host.Get<OrganizationService>().GetCurrentAsync(readerCall.UserId, CancellationToken.None))!.OrganizationId);
        Assert.Contains("not a member", Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_key_and_its_replacement_share_a_name_and_are_told_apart_by_their_prefixes()
    {
        var listing = await ListingAsync("rotated-provider@example.com");
        var user = await host.AddUserAsync("rotated@example.com");
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var keys = host.Get<ApiKeyService>();
        var old = await keys.CreateAsync(user.Id, organization, "production", null, false, CancellationToken.None);
        var replacement = await keys.RotateAsync(user.Id, organization, old.Key.Id, TimeSpan.FromHours(1), CancellationToken.None);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            foreach (var key in new[] { old.Key, replacement.Key })
            {
                db.UsageEvents.Add(new UsageEvent
                {
                    RequestId = $"rotated-{Guid.NewGuid():N}",
                    At = host.Clock.GetUtcNow().AddDays(-1),
                    OrganizationId = organization,
                    ListingId = listing,
                    ApiKeyId = key.Id,
                    Method = "GET",
                    Route = "/tides/v1/levels",
                    Status = 500,
                    LatencyMs = 3,
                });
            }

            await db.SaveChangesAsync();
        }

        SignIn(user.Id);
        Render<MudPopoverProvider>();
        var page = Render<Usage>();

        foreach (var table in new[] { "usage-groups", "usage-errors" })
        {
            page.WaitForAssertion(() => Assert.Equal(
                new[] { $"{old.Key.Prefix}…", $"{replacement.Key.Prefix}…" }.Order(),
                page.FindAll($"[data-testid={table}] [data-testid=key-prefix]").Select(p => p.TextContent).Order()));
        }
    }

    [Fact]
    public async Task The_usage_page_of_a_customer_without_calls_shows_empty_states()
    {
        var user = await host.AddUserAsync("page-empty@example.com");
        await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        SignIn(user.Id);

        Render<MudPopoverProvider>();
        var page = Render<Usage>();

        page.WaitForElement("[data-testid=usage-groups-empty]");
        page.WaitForElement("[data-testid=usage-errors-empty]");
    }

    [Fact]
    public async Task The_portal_finds_a_call_to_the_providers_listing_by_organization_name_without_the_key()
    {
        var provider = await host.AddProviderAsync("lookup-provider@example.com");
        var listing = await host.Get<ListingService>().CreateAsync(provider.UserId, provider.OrganizationId, new ListingInput
        {
            Name = "Harbour",
            Slug = "harbour-lookup",
            Summary = "Harbour",
            Category = "Weather",
            UpstreamBaseUrl = "https://harbour.example.com",
        }, CancellationToken.None);
        var customer = await CustomerWithACallAsync("lookup-customer@example.com", listing);
        var elsewhere = await CustomerWithACallAsync("lookup-elsewhere@example.com", await ListingAsync("lookup-other@example.com"));
        SignIn(provider.UserId);

        var page = Render<ProviderCalls>();
        page.WaitForElement("[data-testid=call-lookup-id]");
        Input(page, "call-lookup-id").Input(customer.RequestId);
        page.Find("[data-testid=call-lookup-find]").Click();

        var organization = (await host.Get<OrganizationService>().GetCurrentAsync(customer.UserId, CancellationToken.None))!.Name;
        page.WaitForAssertion(() => Assert.Equal(organization, page.Find("[data-testid=call-organization]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=call-key]"));
        Assert.DoesNotContain(customer.KeyName, page.Markup, StringComparison.Ordinal);

        Input(page, "call-lookup-id").Input(elsewhere.RequestId);
        page.Find("[data-testid=call-lookup-find]").Click();
        page.WaitForElement("[data-testid=call-lookup-not-found]");
    }
}
