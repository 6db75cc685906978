using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Billing;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Organizations;

public abstract class OrganizationQueriesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost host = CoreTestHost.On(provider);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task For_organization_reads_only_that_organizations_rows()
    {
        var (_, mine) = await host.AddProviderAsync("mine@example.com");
        var (_, theirs) = await host.AddProviderAsync("theirs@example.com");
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

        var members = await db.OrganizationMembers.ForOrganization(mine).ToListAsync();
        var sql = db.OrganizationMembers.ForOrganization(theirs).ToQueryString();

        Assert.Single(members);
        Assert.All(members, m => Assert.Equal(mine, m.OrganizationId));
        Assert.Contains("\"OrganizationId\" = @", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_provider_reads_only_what_that_provider_earns()
    {
        var (_, mine) = await host.AddProviderAsync("mine@example.com");
        var (_, theirs) = await host.AddProviderAsync("theirs@example.com");
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.Payouts.AddRange(
            new Payout { ProviderOrganizationId = mine, PeriodStart = host.Clock.GetUtcNow(), Currency = "USD", Net = 10m },
            new Payout { ProviderOrganizationId = theirs, PeriodStart = host.Clock.GetUtcNow(), Currency = "USD", Net = 20m });
        await db.SaveChangesAsync();

        var payouts = await db.Payouts.ForProvider(mine).ToListAsync();
        var sql = db.InvoiceLines.ForProvider(theirs).ToQueryString();

        Assert.Equal(10m, Assert.Single(payouts).Net);
        Assert.Contains("\"ProviderOrganizationId\" = @", sql, StringComparison.Ordinal);
    }

    public sealed class OnSqlite() : OrganizationQueriesTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : OrganizationQueriesTests(DatabaseProvider.PostgreSql);
}
