using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Webhooks;

namespace TrustVault.Tests.Catalog;

public sealed class ListingRevisionTests : IAsyncLifetime
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: Tides, version: 2.0.0 }
        paths:
          /tides:
            get:
              summary: High and low water times for a harbour
              responses: { '200': { description: OK } }
          /currents:
            get:
              summary: Tidal currents
              responses: { '200': { description: OK } }
        """;

    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The fields <see cref="CoreTestHost.PublishTidesAsync"/> publishes, to change one by one.</summary>
    private static readonly ListingInput Tides = new()
    {
        Name = "Tides",
        Slug = "tides",
        Summary = "Tides",
        Category = "Weather",
        UpstreamBaseUrl = "https://tides.example.com",
    };
    private readonly CoreTestHost host = new();
    private PublishedListing tides = null!;
    private string adminId = "";

    private ListingService Listings => host.Get<ListingService>();
    private ListingModerationService Moderation => host.Get<ListingModerationService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(Plan("Starter", 10m));
        adminId = await host.AddAdminAsync("admin@example.com");
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private static PlanInput Plan(string name, decimal price) => new()
    {
        Name = name,
        MonthlyPrice = price,
        IncludedCallsPerMonth = 1000,
        RateLimitPerSecond = 2,
        RateLimitPerMinute = 60,
    };

    private Task<Listing> LiveAsync() => Listings.GetAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None);

    private async Task<ListingRevisionView> PendingAsync()
    {
        var revision = await Listings.GetLatestRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None);
        Assert.Equal(ListingRevisionStatus.Pending, revision?.Status);
        return revision!;
    }

    private async Task<IReadOnlyList<string>> AuditAsync()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(a => a.EntityId == tides.ListingId.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    private async Task<IReadOnlyList<ListingRevisionStatus>> RevisionStatusesAsync()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.ListingRevisions.Where(r => r.ListingId == tides.ListingId).Select(r => r.Status).OrderBy(s => s).ToListAsync();
    }

    [Fact]
    public async Task Editing_a_published_listings_description_and_upstream_leaves_it_live_unchanged_and_opens_a_pending_revision()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId,
            Tides with { Description = "Now with currents.", UpstreamBaseUrl = "https://evil.example" }, None);

        var live = await LiveAsync();
        Assert.Equal(("", "https://tides.example.com"), (live.Description, live.UpstreamBaseUrl));
        var page = await host.Get<CatalogService>().GetPublishedAsync("tides", None);
        Assert.Equal("https://tides.example.com", page!.Listing.UpstreamBaseUrl);
        var pending = await PendingAsync();
        Assert.Equal(
            [new ProposedChange("Description", "", "Now with currents."), new ProposedChange("Upstream base URL", "https://tides.example.com", "https://evil.example")],
            pending.Changes);
        var queue = Assert.Single((await Moderation.ListRevisionsAsync(adminId, [], 0, 20, None)).Items);
        Assert.Equal((pending.Id, tides.ListingId, "tides"), (queue.Id, queue.ListingId, queue.Slug));
    }

    [Fact]
    public async Task Two_open_plans_of_a_listing_may_not_share_a_name_live_or_proposed()
    {
        var twin = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Listings.AddPlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Plan("starter", 5m), None));
        Assert.Contains("already has a plan named", Assert.Single(twin.Errors["Name"]), StringComparison.Ordinal);

        // Two new plans proposed under one name, or a plan renamed to another's, are refused the same way.
        await Listings.AddPlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Plan("Pro", 50m), None);
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            Listings.AddPlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Plan("PRO", 60m), None));
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            Listings.UpdatePlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.PlanIds[0], Plan("Pro", 10m), None));
        Assert.Equal(["New plan Pro"], (await PendingAsync()).Changes.Select(c => c.Field));
    }

    [Fact]
    public async Task A_draft_listings_plans_may_not_share_a_name()
    {
        var (providerId, organizationId) = await host.AddProviderAsync("draft-plans@example.com");
        var listingId = await Listings.CreateAsync(providerId, organizationId, new ListingInput
        {
            Name = "Reefs",
            Slug = "reefs",
            Summary = "Reefs",
            Category = "Weather",
            UpstreamBaseUrl = "https://reefs.example.com",
        }, None);
        var basic = await Listings.AddPlanAsync(providerId, organizationId, listingId, Plan("Basic", 0m), None);
        var plus = await Listings.AddPlanAsync(providerId, organizationId, listingId, Plan("Plus", 5m), None);

        await Assert.ThrowsAsync<InvalidInputException>(() => Listings.AddPlanAsync(providerId, organizationId, listingId, Plan("Basic", 1m), None));
        await Assert.ThrowsAsync<InvalidInputException>(() => Listings.UpdatePlanAsync(providerId, organizationId, plus, Plan("basic", 5m), None));
        Assert.False((await Listings.UpdatePlanAsync(providerId, organizationId, basic, Plan("Basic", 0m) with { IncludedCallsPerMonth = 2000 }, None)).IsNewVersion);
    }

    [Fact]
    public async Task New_plans_new_terms_and_a_new_api_definition_of_a_published_listing_wait_for_review()
    {
        var pro = await Listings.AddPlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Plan("Pro", 50m), None);
        var repriced = await Listings.UpdatePlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.PlanIds[0], Plan("Starter", 1m), None);
        var import = await Listings.ImportOpenApiAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Document, None);

        Assert.True(import.Succeeded);
        Assert.Equal(new PlanChange(tides.PlanIds[0], IsNewVersion: false, IsPendingReview: true), repriced);
        var live = await LiveAsync();
        Assert.Equal((10m, "Starter"), (Assert.Single(live.Plans).MonthlyPrice, live.Plans[0].Name));
        Assert.Empty(live.Endpoints);
        var offered = await host.Get<CatalogService>().OfferedPlansAsync([tides.ListingId], None);
        Assert.Equal([tides.PlanIds[0]], offered[tides.ListingId].Select(p => p.Id));
        Assert.Equal(["API definition", "New plan Pro", "Plan Starter"], (await PendingAsync()).Changes.Select(c => c.Field));
        Assert.NotEqual(Guid.Empty, pro);
    }

    [Fact]
    public async Task Approving_a_revision_applies_its_fields_endpoints_and_plans_and_is_audited()
    {
        await host.SubscribeAsync(Guid.NewGuid(), tides.ListingId, tides.PlanIds[0]);
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "Now with currents." }, None);
        var pro = await Listings.AddPlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Plan("Pro", 50m), None);
        await Listings.UpdatePlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.PlanIds[0], Plan("Starter", 12m), None);
        await Listings.ImportOpenApiAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Document, None);
        var revision = await PendingAsync();

        await Moderation.ApproveRevisionAsync(adminId, revision.Id, None);

        var live = await LiveAsync();
        Assert.Equal("Now with currents.", live.Description);
        Assert.Equal(["/tides", "/currents"], live.Endpoints.Select(e => e.Path));
        Assert.Equal(50m, live.Plans.Single(p => p.Id == pro).MonthlyPrice);
        // The subscribed plan keeps its terms for its subscribers; the new terms are its next version.
        var starter = live.Plans.Single(p => p.Id == tides.PlanIds[0]);
        Assert.Equal(10m, starter.MonthlyPrice);
        Assert.NotNull(starter.RetiredAt);
        Assert.Equal(12m, live.Plans.Single(p => p.ReplacesPlanId == starter.Id).MonthlyPrice);
        Assert.Equal(ListingRevisionStatus.Approved, (await Listings.GetLatestRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None))!.Status);
        Assert.Empty((await Moderation.ListRevisionsAsync(adminId, [], 0, 20, None)).Items);
        Assert.Equal(["listing.created", .. Enumerable.Repeat("listing.revision-proposed", 4), "listing.revision-approved"], await AuditAsync());
        Assert.Equal(
            [ListingRevisionStatus.Approved, ListingRevisionStatus.Superseded, ListingRevisionStatus.Superseded, ListingRevisionStatus.Superseded],
            await RevisionStatusesAsync());
    }

    [Fact]
    public async Task Rejecting_a_revision_leaves_the_listing_as_it_is_and_tells_the_provider_why()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { UpstreamBaseUrl = "https://evil.example" }, None);
        var revision = await PendingAsync();

        await Assert.ThrowsAsync<InvalidInputException>(() => Moderation.RejectRevisionAsync(adminId, revision.Id, " ", None));
        await Moderation.RejectRevisionAsync(adminId, revision.Id, "Who runs evil.example?", None);

        Assert.Equal("https://tides.example.com", (await LiveAsync()).UpstreamBaseUrl);
        var rejected = await Listings.GetLatestRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None);
        Assert.Equal((ListingRevisionStatus.Rejected, "Who runs evil.example?"), (rejected!.Status, rejected.Reason));
        await Assert.ThrowsAsync<InvalidInputException>(() => Moderation.ApproveRevisionAsync(adminId, revision.Id, None));
        Assert.Contains("listing.revision-rejected", await AuditAsync());
    }

    [Fact]
    public async Task The_health_path_and_retiring_a_plan_change_at_once()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { HealthPath = "/health" }, None);
        await Listings.RetirePlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.PlanIds[0], None);

        var live = await LiveAsync();
        Assert.Equal("/health", live.HealthPath);
        Assert.NotNull(live.Plans.Single().RetiredAt);
        Assert.Null(await Listings.GetLatestRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None));
    }

    [Fact]
    public async Task Further_edits_replace_the_pending_revision_so_an_admin_never_approves_changes_they_were_not_shown()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "One" }, None);
        var first = await PendingAsync();
        var shown = await Moderation.GetRevisionAsync(adminId, first.Id, None);
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId,
            Tides with { Description = "One", UpstreamBaseUrl = "https://evil.example" }, None);

        await Assert.ThrowsAsync<InvalidInputException>(() => Moderation.ApproveRevisionAsync(adminId, shown.Id, None));
        var amended = await PendingAsync();
        Assert.NotEqual(first.Id, amended.Id);
        Assert.Equal(["Description", "Upstream base URL"], amended.Changes.Select(c => c.Field));
        Assert.Equal("https://tides.example.com", (await LiveAsync()).UpstreamBaseUrl);
        Assert.Equal(amended.Id, Assert.Single((await Moderation.ListRevisionsAsync(adminId, [], 0, 20, None)).Items).Id);
    }

    [Fact]
    public async Task Undoing_every_proposed_change_or_withdrawing_drops_the_pending_revision()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "One" }, None);
        var first = await PendingAsync();

        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides, None);
        Assert.Equal(ListingRevisionStatus.Withdrawn, (await Listings.GetLatestRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None))!.Status);

        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "Three" }, None);
        var third = await PendingAsync();
        Assert.NotEqual(first.Id, third.Id);
        await Listings.WithdrawRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None);
        Assert.Empty((await Moderation.ListRevisionsAsync(adminId, [], 0, 20, None)).Items);
        Assert.Equal("", (await LiveAsync()).Description);
    }

    [Fact]
    public async Task Only_an_administrator_other_than_the_proposer_decides_and_other_providers_cannot_touch_the_revision()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "Mine" }, None);
        var revision = await PendingAsync();
        var (otherId, otherOrganization) = await host.AddProviderAsync("other@example.com");

        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.ApproveRevisionAsync(tides.ProviderId, revision.Id, None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.RejectRevisionAsync(tides.ProviderId, revision.Id, "no", None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.ListRevisionsAsync(tides.ProviderId, [], 0, 20, None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.GetRevisionAsync(otherId, revision.Id, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.UpdateAsync(otherId, otherOrganization, tides.ListingId, Tides with { Description = "Theirs" }, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.WithdrawRevisionAsync(otherId, otherOrganization, tides.ListingId, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Listings.GetLatestRevisionAsync(otherId, otherOrganization, tides.ListingId, None));
        Assert.Equal("Mine", Assert.Single((await PendingAsync()).Changes).After);

        // An administrator who proposed the changes for the provider needs a second one to approve them.
        await host.AddMemberAsync(tides.ProviderOrganizationId, adminId);
        await Listings.UpdateAsync(adminId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "Admin's" }, None);
        var admins = await PendingAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => Moderation.ApproveRevisionAsync(adminId, admins.Id, None));
        Assert.Equal("", (await LiveAsync()).Description);
    }

    [Fact]
    public async Task The_provider_is_mailed_and_sent_a_webhook_for_each_decision_on_its_changes()
    {
        await host.EndpointAsync(tides.ProviderId, tides.ProviderOrganizationId);
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "Now with currents." }, None);
        var approved = await PendingAsync();
        await Moderation.ApproveRevisionAsync(adminId, approved.Id, None);
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Description = "Now with rain." }, None);
        var rejected = await PendingAsync();

        await Moderation.RejectRevisionAsync(adminId, rejected.Id, "Rain is no tide.", None);
        await host.SendQueuedEmailAsync();

        Assert.Single(host.Emails.Sent, m => (m.To, m.Subject) == ("provider@example.com", "[provider@example.com's organization] Tides: changes approved"));
        var rejection = Assert.Single(host.Emails.Sent, m => (m.To, m.Subject) == ("provider@example.com", "[provider@example.com's organization] Tides: changes rejected"));
        Assert.Contains("Rain is no tide.", rejection.TextBody, StringComparison.Ordinal);
        var events = await host.EventsAsync(tides.ProviderOrganizationId);
        Assert.Equal(
            [
                (WebhookEventTypes.ListingApproved, approved.Id.ToString(), null, "published"),
                (WebhookEventTypes.ListingRejected, rejected.Id.ToString(), "Rain is no tide.", "published"),
            ],
            events.OrderBy(e => e.Type, StringComparer.Ordinal).Select(e => (e.Type, e.Data.GetProperty("revision_id").GetString(), e.Data.GetProperty("reason").GetString(), e.Data.GetProperty("status").GetString())));
    }

    [Fact]
    public async Task A_renamed_listing_keeps_its_former_slug_which_no_other_listing_may_take()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Slug = "tide-tables" }, None);
        Assert.Equal("tides", (await LiveAsync()).Slug);

        await Moderation.ApproveRevisionAsync(adminId, (await PendingAsync()).Id, None);

        var catalog = host.Get<CatalogService>();
        Assert.Equal("tide-tables", (await LiveAsync()).Slug);
        Assert.NotNull(await catalog.GetPublishedAsync("tide-tables", None));
        Assert.Null(await catalog.GetPublishedAsync("tides", None));
        Assert.Equal("tide-tables", await catalog.RenamedToAsync("tides", None));
        Assert.Null(await catalog.RenamedToAsync("tide-tables", None));
        var (otherId, otherOrganization) = await host.AddProviderAsync("other@example.com");
        var taken = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Listings.CreateAsync(otherId, otherOrganization, Tides with { Slug = "tides" }, None));
        Assert.Contains("Slug", taken.Errors.Keys);
    }

    [Fact]
    public async Task A_listing_may_take_back_its_former_slug_which_is_then_no_alias()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Slug = "tide-tables" }, None);
        await Moderation.ApproveRevisionAsync(adminId, (await PendingAsync()).Id, None);
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides, None);

        await Moderation.ApproveRevisionAsync(adminId, (await PendingAsync()).Id, None);

        var catalog = host.Get<CatalogService>();
        Assert.Equal("tides", (await LiveAsync()).Slug);
        Assert.Null(await catalog.RenamedToAsync("tides", None));
        Assert.Equal("tides", await catalog.RenamedToAsync("tide-tables", None));
    }

    [Fact]
    public async Task A_proposed_slug_another_listing_takes_meanwhile_is_refused_on_approval()
    {
        await Listings.UpdateAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, Tides with { Slug = "tide-tables" }, None);
        var (otherId, otherOrganization) = await host.AddProviderAsync("other@example.com");
        await Listings.CreateAsync(otherId, otherOrganization, Tides with { Slug = "tide-tables" }, None);
        var revision = await PendingAsync();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Moderation.ApproveRevisionAsync(adminId, revision.Id, None));

        Assert.Contains("Slug", error.Errors.Keys);
        Assert.Equal("tides", (await LiveAsync()).Slug);
    }
}
