using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Analytics;

/// <summary>The stored privacy budget on a real SQLite file and a real PostgreSQL database.</summary>
public abstract class PrivacyBudgetLedgerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Guid Acme = Guid.Parse("6f1c4bb8-51f5-4f1b-9f5e-0c3c7f0b2a11");
    private static readonly Guid Globex = Guid.Parse("0a9e1d32-7d7c-4c58-8f2e-51d0c6a7e9b4");

    private readonly CoreTestHost host = CoreTestHost.On(provider);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    /// <summary>A ledger of its own, as another app instance would have: it shares the database and nothing else.</summary>
    private PrivacyBudgetLedger Instance() =>
        new(host.Get<IDbContextFactory<TrustVaultDbContext>>(), Options.Create(new PrivacyOptions { DefaultEpsilonBudget = 10 }), host.Clock);

    [Fact]
    public async Task Concurrent_charges_from_two_instances_never_spend_more_than_the_budget()
    {
        PrivacyBudgetLedger[] instances = [Instance(), Instance()];

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            try
            {
                await instances[i % 2].ChargeAsync(Acme, "orders", "count", PrivacyParameters.Laplace(1), CancellationToken.None);
                return true;
            }
            catch (PrivacyBudgetExhaustedException)
            {
                return false;
            }
        })));

        Assert.Equal(10, outcomes.Count(accepted => accepted));
        var status = await Instance().GetStatusAsync(Acme, "orders", CancellationToken.None);
        Assert.Equal((10, 10.0, 0.0), (status.Queries, status.SpentEpsilon, status.RemainingEpsilon));
    }

    [Fact]
    public async Task Budgets_are_per_organization_and_dataset_and_names_ignore_case()
    {
        var ledger = host.Get<PrivacyBudgetLedger>();

        await ledger.ChargeAsync(Acme, "Orders", "sum", PrivacyParameters.Laplace(4), CancellationToken.None);
        await ledger.ChargeAsync(Acme, "patients", "sum", PrivacyParameters.Gaussian(1, 1e-6), CancellationToken.None);
        await ledger.ChargeAsync(Globex, "orders", "sum", PrivacyParameters.Laplace(9), CancellationToken.None);

        var acme = await ledger.GetStatusAsync(Acme, "ORDERS", CancellationToken.None);
        var patients = await ledger.GetStatusAsync(Acme, "patients", CancellationToken.None);
        Assert.Equal(("orders", 6.0, 1), (acme.Dataset, acme.RemainingEpsilon, acme.Queries));
        Assert.Equal(1e-5 - 1e-6, patients.RemainingDelta, 12);
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.GetStatusAsync(Acme, "no spaces", CancellationToken.None));
    }

    public sealed class OnSqlite() : PrivacyBudgetLedgerTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : PrivacyBudgetLedgerTests(DatabaseProvider.PostgreSql);
}
