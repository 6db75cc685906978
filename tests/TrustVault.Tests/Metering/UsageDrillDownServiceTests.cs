using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

/// <summary>
/// The drill-down on each database: customer A's calls grouped and listed without B's, and one call found by its request id
/// by the customer that made it or the provider it called, and by nobody else.
/// </summary>
public abstract class UsageDrillDownServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateOnly Day1 = new(2026, 10, 30);
    private static readonly DateOnly Day2 = new(2026, 10, 31);

    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private PublishedListing tides = null!;
    private Customer a = null!;
    private Customer b = null!;

    private sealed record Customer(string UserId, Guid OrganizationId, Guid ProductionKey, Guid StagingKey);

    private UsageDrillDownService Service => host.Get<UsageDrillDownService>();

    private static UsageFilter Days => new(Day1, Day2);

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 });
        a = await CustomerAsync("a@example.com");
        b = await CustomerAsync("b@example.com");
        await CallsAsync(
            Call("a-1", a, a.ProductionKey, Day1, 9, "/tides/v1/levels", 200, latency: 10),
            Call("a-2", a, a.ProductionKey, Day1, 10, "/tides/v1/levels", 200, latency: 30),
            Call("a-3", a, a.ProductionKey, Day1, 11, "/tides/v1/levels", 404, latency: 5),
            Call("a-4", a, a.StagingKey, Day1, 12, "/tides/v1/stations", 500, latency: 50),
            Call("a-5", a, a.ProductionKey, Day2, 8, "/tides/v1/levels", 201, latency: 20),
            Call("b-1", b, b.ProductionKey, Day1, 9, "/tides/v1/levels", 503, latency: 7));
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<Customer> CustomerAsync(string email)
    {
        var user = await host.AddUserAsync(email);
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var keys = host.Get<ApiKeyService>();
        var production = await keys.CreateAsync(user.Id, organization, $"{email} production", null, false, CancellationToken.None);
        var staging = await keys.CreateAsync(user.Id, organization, $"{email} staging", null, false, CancellationToken.None);
        return new Customer(user.Id, organization, production.Key.Id, staging.Key.Id);
    }

    private UsageEvent Call(string requestId, Customer customer, Guid key, DateOnly day, int hour, string route, int status, int latency) => new()
    {
        RequestId = requestId,
        At = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero),
        OrganizationId = customer.OrganizationId,
        SubscriptionId = Guid.NewGuid(),
        ListingId = tides.ListingId,
        ApiKeyId = key,
        Method = "GET",
        Route = route,
        Status = status,
        LatencyMs = latency,
        Bytes = 100,
    };

    private async Task CallsAsync(params UsageEvent[] calls)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.UsageEvents.AddRange(calls);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Calls_are_grouped_by_day_key_endpoint_and_status_class_without_other_customers()
    {
        var groups = await Service.GroupsAsync(a.UserId, a.OrganizationId, Days, 0, 50, CancellationToken.None);

        Assert.Equal(4, groups.Total);
        Assert.Equal(
            [
                (Day2, "a@example.com production", "/tides/v1/levels", "2xx", 1L, 20),
                (Day1, "a@example.com production", "/tides/v1/levels", "2xx", 2L, 20),
                (Day1, "a@example.com production", "/tides/v1/levels", "4xx", 1L, 5),
                (Day1, "a@example.com staging", "/tides/v1/stations", "5xx", 1L, 50),
            ],
            groups.Items.Select(g => (g.Day, g.KeyName, g.Route, g.StatusClass, g.Calls, g.AverageLatencyMs)));
        Assert.All(groups.Items, g => Assert.Equal("Tides", g.ListingName));
        Assert.Equal(200, groups.Items[1].Bytes);
    }

    [Fact]
    public async Task Filters_narrow_the_groups_to_a_key_an_endpoint_a_status_class_or_days()
    {
        async Task<long> CallsAsync(UsageFilter filter) =>
            (await Service.GroupsAsync(a.UserId, a.OrganizationId, filter, 0, 50, CancellationToken.None)).Items.Sum(g => g.Calls);

        Assert.Equal(5, await CallsAsync(Days));
        Assert.Equal(1, await CallsAsync(Days with { ApiKeyId = a.StagingKey }));
        Assert.Equal(4, await CallsAsync(Days with { Route = "/tides/v1/levels" }));
        Assert.Equal(1, await CallsAsync(Days with { StatusClass = 4 }));
        Assert.Equal(1, await CallsAsync(new UsageFilter(Day2, Day2)));
        Assert.Equal(0, await CallsAsync(Days with { ListingId = Guid.NewGuid() }));
        Assert.Equal(0, await CallsAsync(Days with { ApiKeyId = b.ProductionKey }));
        Assert.Equal(
            ["/tides/v1/levels", "/tides/v1/stations"],
            await Service.EndpointsAsync(a.UserId, a.OrganizationId, Days with { Route = "/tides/v1/levels" }, CancellationToken.None));
    }

    [Fact]
    public async Task Failed_calls_are_listed_newest_first_page_by_page()
    {
        var first = await Service.FailedCallsAsync(a.UserId, a.OrganizationId, Days, 0, 1, CancellationToken.None);
        var second = await Service.FailedCallsAsync(a.UserId, a.OrganizationId, Days, 1, 1, CancellationToken.None);
        var past = await Service.FailedCallsAsync(a.UserId, a.OrganizationId, Days, 5, 1, CancellationToken.None);

        Assert.Equal(2, first.Total);
        Assert.Equal(("a-4", 500, "a@example.com staging"), (first.Items[0].RequestId, first.Items[0].Status, first.Items[0].KeyName));
        Assert.Equal("a-3", Assert.Single(second.Items).RequestId);
        Assert.Empty(past.Items);
    }

    [Fact]
    public async Task Another_organizations_usage_is_not_found_for_a_non_member()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GroupsAsync(b.UserId, a.OrganizationId, Days, 0, 50, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.FailedCallsAsync(b.UserId, a.OrganizationId, Days, 0, 50, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.EndpointsAsync(b.UserId, a.OrganizationId, Days, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.CustomerCallAsync(b.UserId, a.OrganizationId, "a-1", CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.ProviderCallAsync(a.UserId, tides.ProviderOrganizationId, "a-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_customer_finds_its_own_call_with_the_key_and_not_another_customers()
    {
        var call = await Service.CustomerCallAsync(a.UserId, a.OrganizationId, "a-3", CancellationToken.None);

        Assert.Equal(("a@example.com production", "GET", "/tides/v1/levels", 404, 5, 100L), (call.KeyName, call.Method, call.Route, call.Status, call.LatencyMs, call.Bytes));
        Assert.Equal("Tides", call.ListingName);
        var someoneElses = await Assert.ThrowsAsync<NotFoundException>(() => Service.CustomerCallAsync(a.UserId, a.OrganizationId, "b-1", CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => Service.CustomerCallAsync(a.UserId, a.OrganizationId, "no-such-call", CancellationToken.None));
        Assert.Equal(unknown.Message, someoneElses.Message);
    }

    [Fact]
    public async Task A_request_id_written_in_upper_case_finds_the_same_call()
    {
        var customer = await Service.CustomerCallAsync(a.UserId, a.OrganizationId, "A-3", CancellationToken.None);
        var provider = await Service.ProviderCallAsync(tides.ProviderId, tides.ProviderOrganizationId, "B-1", CancellationToken.None);

        Assert.Equal(("a-3", "b-1"), (customer.RequestId, provider.RequestId));
    }

    [Fact]
    public async Task A_provider_finds_a_call_to_its_listing_by_organization_name_without_the_key()
    {
        var call = await Service.ProviderCallAsync(tides.ProviderId, tides.ProviderOrganizationId, "b-1", CancellationToken.None);

        var organization = (await host.Get<OrganizationService>().GetCurrentAsync(b.UserId, CancellationToken.None))!.Name;
        Assert.Equal(organization, call.Organization);
        Assert.Null(call.KeyName);
        Assert.Equal(503, call.Status);
        Assert.True(call.Billable);
    }

    [Fact]
    public async Task Another_providers_listing_calls_are_not_found_as_unknown_ids_are()
    {
        var (otherProvider, otherOrganization) = await host.AddProviderAsync("other-provider@example.com");

        var theirs = await Assert.ThrowsAsync<NotFoundException>(() => Service.ProviderCallAsync(otherProvider, otherOrganization, "a-1", CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => Service.ProviderCallAsync(otherProvider, otherOrganization, "no-such-call", CancellationToken.None));

        Assert.Equal(unknown.Message, theirs.Message);
    }

    public sealed class OnSqlite() : UsageDrillDownServiceTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : UsageDrillDownServiceTests(DatabaseProvider.PostgreSql);
}
