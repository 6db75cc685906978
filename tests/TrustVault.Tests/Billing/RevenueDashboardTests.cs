using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

public sealed class RevenueDashboardTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private readonly Dictionary<string, Guid> plans = [];

    public async Task InitializeAsync()
    {
        // The clock starts on 1 November 2026 at 09:00 UTC.
        await host.InitializeAsync();
        var (providerId, providerOrganization) = await host.AddProviderAsync("provider@example.com");
        var listings = host.Get<ListingService>();
        var listingId = await listings.CreateAsync(providerId, providerOrganization, new ListingInput
        {
            Name = "Tides",
            Slug = "tides",
            Summary = "Tides",
            Category = "Weather",
            UpstreamBaseUrl = "https://api.tides.example",
        }, CancellationToken.None);
        foreach (var (name, price, trial) in new[] { ("Pro", 30m, 0), ("Max", 40m, 0), ("Trial", 30m, 14) })
        {
            plans[name] = await listings.AddPlanAsync(providerId, providerOrganization, listingId, new PlanInput { Name = name, MonthlyPrice = price, TrialDays = trial }, CancellationToken.None);
        }

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        await db.Listings.ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.Published));
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<(string UserId, Guid OrganizationId, Guid SubscriptionId)> SubscribeAsync(string email, string plan)
    {
        var user = await host.AddUserAsync(email);
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        await host.Get<BillingService>().SaveTestCardAsync(user.Id, organization, TestCards.Visa, CancellationToken.None);
        var subscription = await host.Get<SubscriptionService>().SubscribeAsync(user.Id, organization, plans[plan], CancellationToken.None);
        return (user.Id, organization, subscription.SubscriptionId);
    }

    [Fact]
    public async Task Mrr_moves_with_new_subscriptions_upgrades_and_trials_that_end()
    {
        var admin = await host.AddAdminAsync("admin@example.com");
        var (userA, organizationA, subscriptionA) = await SubscribeAsync("a@example.com", "Pro");
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 0, 0, 0, TimeSpan.Zero));
        await host.Get<SubscriptionService>().ChangePlanAsync(userA, organizationA, subscriptionA, plans["Max"], CancellationToken.None);
        await SubscribeAsync("b@example.com", "Trial");

        var dashboard = await host.Get<RevenueDashboardService>().GetAsync(admin, 2, "USD", CancellationToken.None);

        // November: A pays $30. December: A upgrades to $40 (+$10 expansion); B's trial ends on the 24th, so B is new at $30.
        var (november, december) = (dashboard.Report.Months[0], dashboard.Report.Months[1]);
        Assert.Equal((30m, 1, 30m), (november.Mrr, november.Customers, november.Movements.New));
        Assert.Equal((70m, 840m, 2, 30m, 10m), (december.Mrr, december.Arr, december.Customers, december.Movements.New, december.Movements.Expansion));
        Assert.Equal(40m / 30m, december.NetRevenueRetention);
        Assert.Equal("Tides", dashboard.NameOf(Assert.Single(dashboard.Report.TopProducts).Id));
        Assert.StartsWith("month,mrr,arr,customers,new,expansion", RevenueCsv.Write(dashboard, "months"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admins_see_revenue()
    {
        var (user, _, _) = await SubscribeAsync("a@example.com", "Pro");

        await Assert.ThrowsAsync<ForbiddenException>(() => host.Get<RevenueDashboardService>().GetAsync(user, 12, "USD", CancellationToken.None));
    }
}
