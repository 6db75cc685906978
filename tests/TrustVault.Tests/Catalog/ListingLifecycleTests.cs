using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

public sealed class ListingLifecycleTests : IAsyncLifetime
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: Tide Tables, version: 1.0.0 }
        paths:
          /tides:
            get:
              tags: [Tides]
              summary: High and low water times for a harbour
              responses: { '200': { description: OK } }
        """;

    private readonly CoreTestHost host = new();

    private ListingService Listings => host.Get<ListingService>();
    private ListingModerationService Moderation => host.Get<ListingModerationService>();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private static ListingInput Input(string slug = "tide-tables") => new()
    {
        Name = "Tide Tables",
        Slug = slug,
        Summary = "Tides for every harbour",
        Category = "Weather",
        Tags = ["tides"],
        UpstreamBaseUrl = "https://api.tides.example/v1",
    };

    private static PlanInput Plan(string name = "Starter", decimal price = 10m) => new()
    {
        Name = name,
        MonthlyPrice = price,
        IncludedCallsPerMonth = 1000,
        RateLimitPerSecond = 2,
        RateLimitPerMinute = 60,
    };

    private async Task<(string UserId, Guid OrganizationId, Guid ListingId)> SubmittedListingAsync()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        var listingId = await Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None);
        await Listings.ImportOpenApiAsync(userId, organizationId, listingId, Document, CancellationToken.None);
        await Listings.AddPlanAsync(userId, organizationId, listingId, Plan(), CancellationToken.None);
        await Listings.SubmitForReviewAsync(userId, organizationId, listingId, CancellationToken.None);
        return (userId, organizationId, listingId);
    }

    [Fact]
    public async Task A_submitted_listing_is_searchable_only_after_an_admin_approves_it()
    {
        var (_, _, listingId) = await SubmittedListingAsync();
        var admin = await host.AddAdminAsync("admin@example.com");
        var search = new CatalogQuery { Text = "harbour" };
        Assert.Empty(host.Get<CatalogSearchIndex>().Search(search).Hits);

        await Moderation.ApproveAsync(admin, listingId, CancellationToken.None);

        Assert.Equal("tide-tables", host.Get<CatalogSearchIndex>().Search(search).Hits.Single().Document.Slug);
        Assert.NotNull(await host.Get<CatalogService>().GetPublishedAsync("tide-tables", CancellationToken.None));
    }

    [Fact]
    public async Task A_listing_in_review_keeps_the_plans_the_reviewer_sees()
    {
        var (userId, organizationId, listingId) = await SubmittedListingAsync();
        var planId = Assert.Single((await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).Plans).Id;

        var refusals = new[]
        {
            await Assert.ThrowsAsync<InvalidInputException>(() => Listings.AddPlanAsync(userId, organizationId, listingId, Plan("Pro", 99m), CancellationToken.None)),
            await Assert.ThrowsAsync<InvalidInputException>(() => Listings.UpdatePlanAsync(userId, organizationId, planId, Plan(price: 2999m), CancellationToken.None)),
            await Assert.ThrowsAsync<InvalidInputException>(() => Listings.RetirePlanAsync(userId, organizationId, planId, CancellationToken.None)),
            await Assert.ThrowsAsync<InvalidInputException>(() => Listings.DeletePlanAsync(userId, organizationId, planId, CancellationToken.None)),
        };

        Assert.All(refusals, refusal => Assert.Contains("in review", Assert.Single(refusal.Errors["Status"]), StringComparison.Ordinal));
        var plan = Assert.Single((await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).Plans);
        Assert.Equal((planId, 10m, (DateTimeOffset?)null), (plan.Id, plan.MonthlyPrice, plan.RetiredAt));
    }

    [Fact]
    public async Task The_provider_is_mailed_the_review_decision_with_the_reason_for_a_rejection()
    {
        var (userId, organizationId, listingId) = await SubmittedListingAsync();
        var admin = await host.AddAdminAsync("admin@example.com");

        await Moderation.RejectAsync(admin, listingId, "Add examples to the endpoints.", CancellationToken.None);
        await Listings.SubmitForReviewAsync(userId, organizationId, listingId, CancellationToken.None);
        await Moderation.ApproveAsync(admin, listingId, CancellationToken.None);
        await host.SendQueuedEmailAsync();

        Assert.Equal(["provider@example.com", "provider@example.com"], host.Emails.Sent.Select(m => m.To));
        var rejected = Assert.Single(host.Emails.Sent, m => m.Subject == "[provider@example.com's organization] Tide Tables: listing rejected");
        Assert.Contains("Add examples to the endpoints.", rejected.TextBody, StringComparison.Ordinal);
        Assert.Single(host.Emails.Sent, m => m.Subject == "[provider@example.com's organization] Tide Tables: listing approved");
    }

    [Fact]
    public async Task Only_admins_approve_reject_or_suspend()
    {
        var (providerId, _, listingId) = await SubmittedListingAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.ApproveAsync(providerId, listingId, CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.RejectAsync(providerId, listingId, "no", CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.ListAsync(providerId, ListingStatus.InReview, [], 0, 20, CancellationToken.None));
    }

    [Fact]
    public async Task An_administrator_in_the_providers_organization_needs_another_administrator_to_decide_its_listing()
    {
        var (userId, organizationId, listingId) = await SubmittedListingAsync();
        var member = await host.AddAdminAsync("member-admin@example.com");
        await host.AddMemberAsync(organizationId, member);

        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.ApproveAsync(member, listingId, CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.RejectAsync(member, listingId, "Mine to reject.", CancellationToken.None));
        Assert.Equal(ListingStatus.InReview, (await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).Status);

        await Moderation.ApproveAsync(await host.AddAdminAsync("admin@example.com"), listingId, CancellationToken.None);
        Assert.Equal(ListingStatus.Published, (await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_the_provider_then_sees_and_every_transition_is_audited()
    {
        var (userId, organizationId, listingId) = await SubmittedListingAsync();
        var admin = await host.AddAdminAsync("admin@example.com");

        await Assert.ThrowsAsync<InvalidInputException>(() => Moderation.RejectAsync(admin, listingId, "  ", CancellationToken.None));
        await Moderation.RejectAsync(admin, listingId, "Add examples to the endpoints.", CancellationToken.None);

        var listing = await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None);
        Assert.Equal(ListingStatus.Rejected, listing.Status);
        Assert.Equal("Add examples to the endpoints.", listing.StatusReason);

        await Listings.SubmitForReviewAsync(userId, organizationId, listingId, CancellationToken.None);
        await Moderation.ApproveAsync(admin, listingId, CancellationToken.None);
        await Moderation.SuspendAsync(admin, listingId, "Upstream down for a week.", CancellationToken.None);

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var actions = await db.AuditEntries.Where(a => a.EntityId == listingId.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(
            ["listing.created", "listing.openapi-imported", "listing.submitted", "listing.rejected", "listing.submitted", "listing.approved", "listing.suspended"],
            actions);
    }

    [Fact]
    public async Task Submitting_needs_endpoints_and_an_offered_plan()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        var listingId = await Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Listings.SubmitForReviewAsync(userId, organizationId, listingId, CancellationToken.None));

        Assert.Contains("Endpoints", error.Errors.Keys);
        Assert.Contains("Plans", error.Errors.Keys);
    }

    [Fact]
    public async Task A_broken_document_changes_nothing()
    {
        var (userId, organizationId, listingId) = await SubmittedListingAsync();
        var admin = await host.AddAdminAsync("admin@example.com");
        await Moderation.RejectAsync(admin, listingId, "Please fix.", CancellationToken.None);

        var import = await Listings.ImportOpenApiAsync(userId, organizationId, listingId, "openapi: 3.0.3\npaths: [", CancellationToken.None);

        Assert.False(import.Succeeded);
        var listing = await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None);
        Assert.Equal("/tides", Assert.Single(listing.Endpoints).Path);
        Assert.Equal(Document, listing.OpenApiDocument);
    }

    [Fact]
    public async Task A_provider_never_sees_or_changes_another_organizations_listing()
    {
        var (ownerId, ownerOrganization) = await host.AddProviderAsync("owner@example.com");
        var listingId = await Listings.CreateAsync(ownerId, ownerOrganization, Input(), CancellationToken.None);
        var planId = await Listings.AddPlanAsync(ownerId, ownerOrganization, listingId, Plan(), CancellationToken.None);
        var (otherId, otherOrganization) = await host.AddProviderAsync("other@example.com");
        var ct = CancellationToken.None;

        Assert.Empty(await Listings.ListAsync(otherId, otherOrganization, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.GetAsync(otherId, otherOrganization, listingId, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.UpdateAsync(otherId, otherOrganization, listingId, Input(), ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.ImportOpenApiAsync(otherId, otherOrganization, listingId, Document, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.SubmitForReviewAsync(otherId, otherOrganization, listingId, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.AddPlanAsync(otherId, otherOrganization, listingId, Plan(), ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.UpdatePlanAsync(otherId, otherOrganization, planId, Plan(price: 1m), ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.RetirePlanAsync(otherId, otherOrganization, planId, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.DeletePlanAsync(otherId, otherOrganization, planId, ct));
        // Acting for the owner's organization without being its member is refused too.
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.GetAsync(otherId, ownerOrganization, listingId, ct));
    }

    [Fact]
    public async Task Organizations_that_have_not_accepted_the_provider_terms_cannot_list()
    {
        var user = await host.AddUserAsync("customer@example.com");
        var organizationId = await host.Get<TrustVault.Core.Organizations.OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);

        await Assert.ThrowsAsync<ForbiddenException>(() => Listings.CreateAsync(user.Id, organizationId, Input(), CancellationToken.None));
    }

    [Fact]
    public async Task Slugs_are_unique()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        await Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None));

        Assert.Contains("Slug", error.Errors.Keys);
    }

    [Fact]
    public async Task A_plan_with_subscribers_is_versioned_not_repriced_and_cannot_be_deleted()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        var listingId = await Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None);
        var planId = await Listings.AddPlanAsync(userId, organizationId, listingId, Plan(), CancellationToken.None);
        await host.SubscribeAsync(Guid.NewGuid(), listingId, planId);

        var renamed = await Listings.UpdatePlanAsync(userId, organizationId, planId, Plan(name: "Starter (2026)"), CancellationToken.None);
        Assert.Equal(new PlanChange(planId, IsNewVersion: false), renamed);

        var repriced = await Listings.UpdatePlanAsync(userId, organizationId, planId, Plan(name: "Starter (2026)", price: 12m), CancellationToken.None);

        Assert.True(repriced.IsNewVersion);
        var plans = (await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).Plans;
        var old = plans.Single(p => p.Id == planId);
        var next = plans.Single(p => p.Id == repriced.PlanId);
        Assert.Equal(10m, old.MonthlyPrice);
        Assert.NotNull(old.RetiredAt);
        Assert.Equal((12m, 2, planId), (next.MonthlyPrice, next.Version, next.ReplacesPlanId!.Value));
        await Assert.ThrowsAsync<InvalidInputException>(() => Listings.DeletePlanAsync(userId, organizationId, planId, CancellationToken.None));
    }

    [Fact]
    public async Task A_plan_nobody_subscribed_to_changes_in_place_and_can_be_deleted()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        var listingId = await Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None);
        var planId = await Listings.AddPlanAsync(userId, organizationId, listingId, Plan(), CancellationToken.None);

        var change = await Listings.UpdatePlanAsync(userId, organizationId, planId, Plan(price: 15m), CancellationToken.None);
        Assert.Equal(new PlanChange(planId, IsNewVersion: false), change);

        await Listings.DeletePlanAsync(userId, organizationId, planId, CancellationToken.None);
        Assert.Empty((await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).Plans);
    }

    [Fact]
    public async Task Offered_plans_are_the_visible_unretired_plans_of_published_listings_cheapest_first()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        var listingId = await Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None);
        await Listings.ImportOpenApiAsync(userId, organizationId, listingId, Document, CancellationToken.None);
        await Listings.AddPlanAsync(userId, organizationId, listingId, Plan(), CancellationToken.None);
        var pro = await Listings.AddPlanAsync(userId, organizationId, listingId, Plan("Pro", 5m), CancellationToken.None);
        await Listings.AddPlanAsync(userId, organizationId, listingId, Plan("Hidden", 1m) with { IsVisible = false }, CancellationToken.None);
        var retired = await Listings.AddPlanAsync(userId, organizationId, listingId, Plan("Old", 2m), CancellationToken.None);
        await Listings.RetirePlanAsync(userId, organizationId, retired, CancellationToken.None);
        await Listings.SubmitForReviewAsync(userId, organizationId, listingId, CancellationToken.None);
        var adminId = await host.AddAdminAsync("admin@example.com");
        await Moderation.ApproveAsync(adminId, listingId, CancellationToken.None);
        var draft = await Listings.CreateAsync(userId, organizationId, Input("draft"), CancellationToken.None);
        await Listings.AddPlanAsync(userId, organizationId, draft, Plan(), CancellationToken.None);

        var offered = await host.Get<CatalogService>().OfferedPlansAsync([listingId, draft], CancellationToken.None);

        Assert.Equal([listingId], offered.Keys);
        Assert.Equal(["Pro", "Starter"], offered[listingId].Select(p => p.Name));
        Assert.Equal(pro, offered[listingId][0].Id);
    }

    [Fact]
    public async Task The_review_queue_and_the_providers_table_count_offered_plans_only()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        var listingId = await Listings.CreateAsync(userId, organizationId, Input(), CancellationToken.None);
        await Listings.ImportOpenApiAsync(userId, organizationId, listingId, Document, CancellationToken.None);
        await Listings.AddPlanAsync(userId, organizationId, listingId, Plan(), CancellationToken.None);
        await Listings.AddPlanAsync(userId, organizationId, listingId, Plan("Hidden", 1m) with { IsVisible = false }, CancellationToken.None);
        var retired = await Listings.AddPlanAsync(userId, organizationId, listingId, Plan("Old", 2m), CancellationToken.None);
        await Listings.RetirePlanAsync(userId, organizationId, retired, CancellationToken.None);
        await Listings.SubmitForReviewAsync(userId, organizationId, listingId, CancellationToken.None);
        var adminId = await host.AddAdminAsync("admin@example.com");

        var queued = Assert.Single((await Moderation.ListAsync(adminId, ListingStatus.InReview, [], 0, 20, CancellationToken.None)).Items);
        var own = Assert.Single(await Listings.ListAsync(userId, organizationId, CancellationToken.None));

        Assert.Equal(1, queued.PlanCount);
        Assert.Equal(1, own.PlanCount);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("//evil.example/health")]
    [InlineData("/health check")]
    [InlineData("/../../admin")]
    [InlineData("/v1/%2e%2e/admin")]
    [InlineData("/./health")]
    public async Task A_health_path_must_be_a_path_under_the_upstream(string path)
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Listings.CreateAsync(userId, organizationId, Input() with { HealthPath = path }, CancellationToken.None));

        Assert.Equal(["HealthPath"], error.Errors.Keys);
    }

    [Fact]
    public async Task A_health_path_is_saved_trimmed_and_an_empty_one_cleared()
    {
        var (userId, organizationId) = await host.AddProviderAsync("provider@example.com");
        var listingId = await Listings.CreateAsync(userId, organizationId, Input() with { HealthPath = " /status/ping?deep=1 " }, CancellationToken.None);
        var saved = (await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).HealthPath;

        await Listings.UpdateAsync(userId, organizationId, listingId, Input() with { HealthPath = "  " }, CancellationToken.None);

        Assert.Equal("/status/ping?deep=1", saved);
        Assert.Null((await Listings.GetAsync(userId, organizationId, listingId, CancellationToken.None)).HealthPath);
    }
}
