using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Organizations;

/// <summary>
/// An organization's one-of rules (one live subscription per API, one dataset per name, one replacement per key) when
/// the same request arrives several times at once, as a double-clicked button or a retrying client sends it; on a real
/// SQLite file and a real PostgreSQL database.
/// </summary>
public abstract class ConcurrentRequestsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Requests = 8;

    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private string customerId = "";
    private Guid customerOrganization;

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        (customerId, customerOrganization) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    public async Task Subscribing_to_one_api_several_times_at_once_makes_one_subscription(int monthlyPrice)
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Plan", MonthlyPrice = monthlyPrice });
        var subscriptions = host.Get<SubscriptionService>();

        var refusals = await AllAtOnceAsync(() => subscriptions.SubscribeAsync(customerId, customerOrganization, tides.PlanIds[0], CancellationToken.None));

        Assert.Equal(Requests - 1, refusals.Count);
        Assert.All(refusals, refusal => Assert.True(refusal.Errors.ContainsKey("PlanId")));
        Assert.Single(await subscriptions.ListAsync(customerId, customerOrganization, CancellationToken.None));
    }

    [Fact]
    public async Task Creating_a_dataset_of_one_name_several_times_at_once_makes_one_dataset()
    {
        var datasets = host.Get<PrivacyDatasetService>();
        var input = new PrivacyDatasetInput("orders", null, null, null);

        var refusals = await AllAtOnceAsync(() => datasets.CreateAsync(customerId, customerOrganization, input, CancellationToken.None));

        Assert.Equal(Requests - 1, refusals.Count);
        var dataset = Assert.Single((await datasets.ListAsync(customerId, customerOrganization, CancellationToken.None)).Datasets);
        Assert.Equal("orders", dataset.Name);
        await Assert.ThrowsAsync<InvalidInputException>(
            () => datasets.CreateAsync(customerId, customerOrganization, input with { Name = "Orders" }, CancellationToken.None));
    }

    [Fact]
    public async Task Rotating_one_key_several_times_at_once_issues_one_replacement()
    {
        var keys = host.Get<ApiKeyService>();
        var key = await keys.CreateAsync(customerId, customerOrganization, "production", null, isTest: false, CancellationToken.None);

        var refusals = await AllAtOnceAsync(() => keys.RotateAsync(customerId, customerOrganization, key.Key.Id, TimeSpan.FromHours(1), CancellationToken.None));

        Assert.Equal(Requests - 1, refusals.Count);
        Assert.Equal(2, (await keys.ListAsync(customerId, customerOrganization, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Every_owner_leaving_at_once_leaves_one_owner()
    {
        var organizations = host.Get<OrganizationService>();
        var team = await organizations.CreateAsync(customerId, "Team", CancellationToken.None);
        var owners = new List<string> { customerId };
        for (var i = 1; i < Requests; i++)
        {
            var user = await host.AddUserAsync($"owner{i}@example.com");
            var issued = await organizations.InviteAsync(customerId, team, $"owner{i}@example.com", OrganizationRole.Owner, t => t, CancellationToken.None);
            await organizations.AcceptInvitationAsync(user.Id, issued.Token, CancellationToken.None);
            owners.Add(user.Id);
        }

        var next = -1;
        var refusals = await AllAtOnceAsync(async () =>
        {
            var owner = owners[Interlocked.Increment(ref next)];
            await organizations.RemoveMemberAsync(owner, team, owner, CancellationToken.None);
        });

        Assert.Single(refusals);
        var remaining = new List<string>();
        foreach (var owner in owners)
        {
            if ((await organizations.ListForUserAsync(owner, CancellationToken.None)).Any(m => m.OrganizationId == team))
            {
                remaining.Add(owner);
            }
        }

        var last = Assert.Single(remaining);
        Assert.Equal(OrganizationRole.Owner, Assert.Single(await organizations.ListMembersAsync(last, team, CancellationToken.None)).Role);
    }

    private static Task<IReadOnlyList<InvalidInputException>> AllAtOnceAsync(Func<Task> call) =>
        AllAtOnce.RefusalsAsync([.. Enumerable.Repeat(call, Requests)]);

    public sealed class OnSqlite() : ConcurrentRequestsTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : ConcurrentRequestsTests(DatabaseProvider.PostgreSql);
}
