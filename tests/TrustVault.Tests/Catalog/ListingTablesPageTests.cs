using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Admin;
using TrustVault.Web.Components.Pages.Portal;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// The admins' review queue and the provider portal's listing table page and sort on the server, over Core's real
/// services. The host is the class's: each test uses a status of the queue, or a provider, of its own.
/// </summary>
public sealed class ListingTablesPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public ListingTablesPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<ListingModerationService>());
        Services.AddSingleton(host.Get<ListingService>());
        Services.AddSingleton(host.Get<UsageService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    [Fact]
    public async Task The_review_queue_shows_the_latest_submitted_listing_on_its_last_page()
    {
        var adminId = await host.AddAdminAsync($"{Guid.NewGuid():N}@example.com");
        var (_, provider) = await ProviderAsync("Acme APIs");
        await AddListingsAsync(provider, ListingStatus.InReview, "Queued", 25);

        var page = RenderAs<ListingReviewQueue>(adminId);
        page.WaitForAssertion(() => Assert.Contains("Queued 01", Shown(page, "review-queue"), StringComparison.Ordinal));
        await page.InvokeAsync(() => page.FindComponent<MudDataGrid<ListingSummary>>().Instance.NavigateTo(Page.Last));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Queued 25", Shown(page, "review-queue"), StringComparison.Ordinal);
            Assert.DoesNotContain("Queued 01", Shown(page, "review-queue"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Sorting_the_review_queue_by_provider_brings_the_first_provider_s_listings_from_the_last_page()
    {
        var adminId = await host.AddAdminAsync($"{Guid.NewGuid():N}@example.com");
        var (_, zed) = await ProviderAsync("Zed APIs");
        await AddListingsAsync(zed, ListingStatus.Rejected, "Zed", 20);
        var (_, abe) = await ProviderAsync("Abe APIs");
        await AddListingsAsync(abe, ListingStatus.Rejected, "Abe", 5);

        var page = RenderAs<ListingReviewQueue>(adminId);
        ShowTab(page, "Rejected");
        page.WaitForAssertion(() => Assert.Contains("Zed 01", Shown(page, "review-queue"), StringComparison.Ordinal));
        Assert.DoesNotContain("Abe 01", Shown(page, "review-queue"), StringComparison.Ordinal);
        page.FindAll("[data-testid=review-queue] th").Single(h => h.TextContent.Contains("Provider", StringComparison.Ordinal))
            .QuerySelector(".sortable-column-header")!.Click();

        page.WaitForAssertion(() => Assert.Contains("Abe 01", Shown(page, "review-queue"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_status_without_listings_and_an_empty_revision_queue_say_so()
    {
        var adminId = await host.AddAdminAsync($"{Guid.NewGuid():N}@example.com");

        var page = RenderAs<ListingReviewQueue>(adminId);
        ShowTab(page, "Suspended");
        page.WaitForAssertion(() => Assert.Contains("No listings suspended", page.Find("[data-testid=review-queue-empty]").TextContent, StringComparison.Ordinal));
        ShowTab(page, "Changes to live listings");

        page.WaitForElement("[data-testid=revision-queue-empty]");
    }

    [Fact]
    public async Task The_portal_shows_a_provider_s_first_listing_on_the_last_page_of_its_own()
    {
        var (ownerId, own) = await ProviderAsync("Acme APIs");
        await AddListingsAsync(own, ListingStatus.Draft, "Mine", 15);
        var (_, other) = await ProviderAsync("Other APIs");
        await AddListingsAsync(other, ListingStatus.Draft, "Theirs", 3);

        var page = RenderAs<PortalIndex>(ownerId);
        page.WaitForAssertion(() => Assert.Contains("Mine 15", Shown(page, "provider-listings"), StringComparison.Ordinal));
        await page.InvokeAsync(() => page.FindComponent<MudDataGrid<ListingSummary>>().Instance.NavigateTo(Page.Last));

        page.WaitForAssertion(() =>
        {
            var shown = Shown(page, "provider-listings");
            Assert.Contains("Mine 01", shown, StringComparison.Ordinal);
            Assert.Contains("of 15", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("Theirs", shown, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_provider_without_listings_is_offered_its_first()
    {
        var (ownerId, _) = await ProviderAsync("Acme APIs");

        var page = RenderAs<PortalIndex>(ownerId);

        page.WaitForAssertion(() => Assert.Contains("Create your first listing", page.Find("[data-testid=portal-empty]").TextContent, StringComparison.Ordinal));
    }

    private static string Shown<TPage>(IRenderedComponent<TPage> page, string testId)
        where TPage : Microsoft.AspNetCore.Components.IComponent => page.Find($"[data-testid={testId}]").TextContent;

    private static void ShowTab(IRenderedComponent<ListingReviewQueue> page, string title) =>
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == title).Click();

    private async Task<(string UserId, Guid OrganizationId)> ProviderAsync(string name)
    {
        var user = await host.AddUserAsync($"{Guid.NewGuid():N}@example.com");
        var organizations = host.Get<OrganizationService>();
        var organizationId = await organizations.CreateAsync(user.Id, name, CancellationToken.None);
        await organizations.AcceptProviderTermsAsync(user.Id, organizationId, CancellationToken.None);
        await organizations.SwitchAsync(user.Id, organizationId, CancellationToken.None);
        return (user.Id, organizationId);
    }

    /// <summary>Listings named "<paramref name="name"/> 01" and on, changed a minute apart in that order.</summary>
    private async Task AddListingsAsync(Guid organizationId, ListingStatus status, string name, int count)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        for (var number = 1; number <= count; number++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            db.Listings.Add(new Listing { OrganizationId = organizationId, Name = $"{name} {number:00}", Slug = $"listing-{Guid.NewGuid():N}"[..20], Status = status });
            await db.SaveChangesAsync();
        }
    }
}
