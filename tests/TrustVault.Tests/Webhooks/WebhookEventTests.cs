using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Egress;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Telemetry;
using TrustVault.Core.Webhooks;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Webhooks;

/// <summary>Core's lifecycle changes publish their webhook events in the same save, to the organizations they concern.</summary>
public sealed class WebhookEventTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Subscribing_tells_the_customer_and_the_provider_each_with_a_pending_delivery()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 });
        await host.EndpointAsync(tides.ProviderId, tides.ProviderOrganizationId, WebhookEventTypes.ListingNewSubscriber);
        var (customer, organization) = await host.OwnerAsync("customer@example.com");
        await host.EndpointAsync(customer, organization);

        var subscription = (await host.Get<SubscriptionService>().SubscribeAsync(customer, organization, tides.PlanIds[0], CancellationToken.None)).SubscriptionId;

        var (type, data) = Assert.Single(await host.EventsAsync(organization));
        Assert.Equal(WebhookEventTypes.SubscriptionCreated, type);
        Assert.Equal(subscription, data.GetProperty("subscription_id").GetGuid());
        Assert.Equal("Tides", data.GetProperty("listing_name").GetString());
        Assert.Equal("active", data.GetProperty("status").GetString());
        var (providerType, providerData) = Assert.Single(await host.EventsAsync(tides.ProviderOrganizationId));
        Assert.Equal(WebhookEventTypes.ListingNewSubscriber, providerType);
        Assert.Equal(organization, providerData.GetProperty("subscriber_organization_id").GetGuid());
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt == host.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Plan_changes_and_cancellation_send_subscription_events()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 }, new PlanInput { Name = "Pro", MonthlyPrice = 20, IncludedCallsPerMonth = 10_000 });
        var (customer, organization) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
        var subscriptions = host.Get<SubscriptionService>();
        var subscription = (await subscriptions.SubscribeAsync(customer, organization, tides.PlanIds[0], CancellationToken.None)).SubscriptionId;
        await host.EndpointAsync(customer, organization, WebhookEventTypes.SubscriptionChanged, WebhookEventTypes.SubscriptionCanceled);

        await subscriptions.ChangePlanAsync(customer, organization, subscription, tides.PlanIds[1], CancellationToken.None);
        await subscriptions.CancelAsync(customer, organization, subscription, CancellationToken.None);

        var events = await host.EventsAsync(organization);
        Assert.Equal([WebhookEventTypes.SubscriptionCanceled, WebhookEventTypes.SubscriptionChanged], events.Select(e => e.Type).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal("Pro", e.Data.GetProperty("plan_name").GetString()));
        Assert.Equal(20m, events.Single(e => e.Type == WebhookEventTypes.SubscriptionChanged).Data.GetProperty("monthly_price").GetDecimal());
    }

    [Fact]
    public async Task Key_events_name_the_key_but_never_carry_its_secret()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");
        await host.EndpointAsync(owner, organization, WebhookEventTypes.KeyCreated, WebhookEventTypes.KeyRevoked);
        var keys = host.Get<ApiKeyService>();

        var issued = await keys.CreateAsync(owner, organization, "server", null, isTest: false, CancellationToken.None);
        var rotated = await keys.RotateAsync(owner, organization, issued.Key.Id, TimeSpan.Zero, CancellationToken.None);
        await keys.RevokeAsync(owner, organization, rotated.Key.Id, CancellationToken.None);
        await keys.RevokeAsync(owner, organization, rotated.Key.Id, CancellationToken.None);

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var payloads = await db.WebhookEvents.Where(e => e.OrganizationId == organization).Select(e => e.Payload).ToListAsync();
        // The secret part whole: base64url may put an underscore in it, and a fragment after one can be short enough to occur by chance.
        Assert.All(payloads, p => Assert.DoesNotContain(SecretOf(issued.Secret), p, StringComparison.Ordinal));
        Assert.All(payloads, p => Assert.DoesNotContain(SecretOf(rotated.Secret), p, StringComparison.Ordinal));
        var events = await host.EventsAsync(organization);
        Assert.Equal(2, events.Count(e => e.Type == WebhookEventTypes.KeyCreated));
        var revoked = Assert.Single(events, e => e.Type == WebhookEventTypes.KeyRevoked);
        Assert.Equal(rotated.Key.Id, revoked.Data.GetProperty("key_id").GetGuid());
        Assert.Equal(issued.Key.Id, events.Single(e => e.Data.GetProperty("key_id").GetGuid() == rotated.Key.Id && e.Type == WebhookEventTypes.KeyCreated)
            .Data.GetProperty("replaces_key_id").GetGuid());
    }

    private static string SecretOf(string key)
    {
        Assert.True(ApiKeyFormat.TryParse(key, out _, out _, out var secret));
        return secret.ToString();
    }

    [Fact]
    public async Task Approving_and_rejecting_listings_tell_the_provider()
    {
        var admin = await host.AddAdminAsync("admin@example.com");
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 });
        await host.EndpointAsync(tides.ProviderId, tides.ProviderOrganizationId);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Listings.ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.InReview));
        }

        var moderation = host.Get<ListingModerationService>();
        await moderation.ApproveAsync(admin, tides.ListingId, CancellationToken.None);
        await moderation.SuspendAsync(admin, tides.ListingId, "Outage", CancellationToken.None);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Listings.ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.InReview));
        }

        await moderation.RejectAsync(admin, tides.ListingId, "Add documentation for /tides.", CancellationToken.None);

        var events = await host.EventsAsync(tides.ProviderOrganizationId);
        Assert.Equal([WebhookEventTypes.ListingApproved, WebhookEventTypes.ListingRejected], events.Select(e => e.Type).Order(StringComparer.Ordinal));
        Assert.Equal("Add documentation for /tides.", events.Single(e => e.Type == WebhookEventTypes.ListingRejected).Data.GetProperty("reason").GetString());
        // A first review has no revision; decisions on a live listing's changes name theirs.
        Assert.All(events, e => Assert.Equal(JsonValueKind.Null, e.Data.GetProperty("revision_id").ValueKind));
    }

    [Fact]
    public async Task A_quota_alert_sends_one_webhook_per_threshold_and_period_alongside_the_email()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 });
        var (owner, organization) = await host.OwnerAsync("owner@example.com");
        await host.EndpointAsync(owner, organization, WebhookEventTypes.QuotaThresholdReached);
        var subscription = (await host.Get<SubscriptionService>().SubscribeAsync(owner, organization, tides.PlanIds[0], CancellationToken.None)).SubscriptionId;
        var period = BillingPeriod.MonthOf(host.Clock.GetUtcNow()).Start;
        var alerts = host.Get<QuotaAlertService>();

        Assert.True(await alerts.NotifyAsync(subscription, period, 100, 85, CancellationToken.None));
        Assert.False(await alerts.NotifyAsync(subscription, period, 100, 85, CancellationToken.None));
        Assert.True(await alerts.NotifyAsync(subscription, period, 100, 100, CancellationToken.None));
        Assert.False(await alerts.NotifyAsync(subscription, period, 100, 100, CancellationToken.None));

        var events = await host.EventsAsync(organization);
        Assert.All(events, e => Assert.Equal(WebhookEventTypes.QuotaThresholdReached, e.Type));
        Assert.Equal([85, 100], events.Select(e => e.Data.GetProperty("threshold_percent").GetInt32()).Order());
        await host.SendQueuedEmailAsync();
        Assert.Equal(2, host.Emails.Sent.Count(m => m.Subject.Contains("quota", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Invoicing_sends_issued_then_paid_or_payment_failed()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Pro", MonthlyPrice = 30, IncludedCallsPerMonth = 1000 });
        var (good, goodOrganization) = await host.AddCustomerAsync("good@example.com", TestCards.Visa);
        var declined = await host.AddUserAsync("declined@example.com");
        var declinedOrganization = await host.Get<Core.Organizations.OrganizationService>().EnsurePersonalOrganizationAsync(declined.Id, CancellationToken.None);
        await host.Get<BillingService>().SaveTestCardAsync(declined.Id, declinedOrganization, TestCards.Declined, CancellationToken.None);
        await host.EndpointAsync(good, goodOrganization);
        await host.EndpointAsync(declined.Id, declinedOrganization);
        await host.SubscribeAsync(goodOrganization, tides.ListingId, tides.PlanIds[0]);
        await host.SubscribeAsync(declinedOrganization, tides.ListingId, tides.PlanIds[0]);
        var period = BillingPeriod.MonthOf(host.Clock.GetUtcNow());
        host.Clock.SetUtcNow(period.End.AddHours(2));

        await host.Get<InvoicingService>().RunAsync(period, CancellationToken.None);

        Assert.Equal([WebhookEventTypes.InvoiceIssued, WebhookEventTypes.InvoicePaid], (await host.EventsAsync(goodOrganization)).Select(e => e.Type).Order(StringComparer.Ordinal));
        var failed = await host.EventsAsync(declinedOrganization);
        Assert.Equal([WebhookEventTypes.InvoiceIssued, WebhookEventTypes.InvoicePaymentFailed], failed.Select(e => e.Type).Order(StringComparer.Ordinal));
        Assert.Equal("USD", failed[0].Data.GetProperty("currency").GetString());
        Assert.True(failed[0].Data.GetProperty("total").GetDecimal() > 0);
    }

    [Fact]
    public async Task Nothing_is_stored_for_events_no_enabled_endpoint_listens_to()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");
        var endpoint = await host.EndpointAsync(owner, organization, WebhookEventTypes.KeyRevoked);
        var keys = host.Get<ApiKeyService>();
        await keys.CreateAsync(owner, organization, "ignored", null, isTest: false, CancellationToken.None);
        await host.Get<WebhookService>().SetEnabledAsync(owner, organization, endpoint.Endpoint.Id, false, CancellationToken.None);
        var second = await keys.CreateAsync(owner, organization, "also ignored", null, isTest: false, CancellationToken.None);
        await keys.RevokeAsync(owner, organization, second.Key.Id, CancellationToken.None);

        Assert.Empty(await host.EventsAsync(organization));
    }

    [Fact]
    public async Task Events_older_than_thirty_days_leave_the_log_with_their_deliveries_and_attempts()
    {
        var (owner, organization) = await host.OwnerAsync("owner@example.com");
        var endpoint = (await host.EndpointAsync(owner, organization)).Endpoint.Id;
        await host.Get<WebhookService>().SendTestAsync(owner, organization, endpoint, CancellationToken.None);
        var dispatcher = new WebhookDispatcher(
            host.Get<IDbContextFactory<TrustVaultDbContext>>(), new AnsweringSender(200), host.Get<UpstreamUrlPolicy>(), host.Get<TrustVaultMetrics>(),
            host.Get<WebhookSecretProtector>(), host.Clock, NullLogger<WebhookDispatcher>.Instance);
        Assert.Equal(1, await dispatcher.DeliverDueAsync(CancellationToken.None));
        host.Clock.Advance(TimeSpan.FromDays(WebhookDispatcher.RetentionDays - 1));
        await host.Get<WebhookService>().SendTestAsync(owner, organization, endpoint, CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(1, await dispatcher.PruneAsync(CancellationToken.None));

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.WebhookEvents.CountAsync());
        Assert.Equal(1, await db.WebhookDeliveries.CountAsync());
        Assert.Equal(0, await db.WebhookAttempts.CountAsync());
    }

    private sealed class AnsweringSender(int status) : IWebhookSender
    {
        public Task<int> SendAsync(WebhookRequest request, CancellationToken cancellationToken) => Task.FromResult(status);
    }
}
