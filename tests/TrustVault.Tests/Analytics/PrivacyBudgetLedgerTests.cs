using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Analytics;

/// <summary>The stored privacy budgets, per registered dataset and per organization and month, on a real SQLite file and a real PostgreSQL database.</summary>
public abstract class PrivacyBudgetLedgerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost host = CoreTestHost.On(provider);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    /// <summary>A ledger of its own, as another app instance would have: it shares the database and nothing else.</summary>
    private PrivacyBudgetLedger Instance() =>
        new(host.Get<IDbContextFactory<TrustVaultDbContext>>(), Options.Create(new PrivacyOptions()), host.Clock);

    private async Task<Guid> OrganizationAsync(double? monthlyCap = null)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var organization = new Organization { Name = "Tenant", MonthlyPrivacyEpsilonCap = monthlyCap };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    }

    private async Task<Guid> DatasetAsync(Guid organizationId, double epsilon = 10, double delta = 1e-5, bool archived = false)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var dataset = new PrivacyDataset
        {
            OrganizationId = organizationId,
            Name = $"data-{Guid.NewGuid():N}",
            EpsilonBudget = epsilon,
            DeltaBudget = delta,
            ArchivedAt = archived ? host.Clock.GetUtcNow() : null,
        };
        db.PrivacyDatasets.Add(dataset);
        await db.SaveChangesAsync();
        return dataset.Id;
    }

    /// <summary>Charges ε = 1 to the datasets in turn from two instances at once; returns how many were accepted.</summary>
    private async Task<int> ChargeConcurrentlyAsync(Guid organizationId, IReadOnlyList<Guid> datasets, int charges)
    {
        PrivacyBudgetLedger[] instances = [Instance(), Instance()];
        var outcomes = await Task.WhenAll(Enumerable.Range(0, charges).Select(i => Task.Run(async () =>
        {
            try
            {
                await instances[i % 2].ChargeAsync(organizationId, datasets[i % datasets.Count], "count", PrivacyParameters.Laplace(1), CancellationToken.None);
                return true;
            }
            catch (PrivacyBudgetExhaustedException)
            {
                return false;
            }
        })));
        return outcomes.Count(accepted => accepted);
    }

    [Fact]
    public async Task Concurrent_charges_from_two_instances_never_spend_more_than_the_datasets_budget()
    {
        var acme = await OrganizationAsync();
        var orders = await DatasetAsync(acme, epsilon: 10);

        Assert.Equal(10, await ChargeConcurrentlyAsync(acme, [orders], 30));

        var status = await Instance().GetStatusAsync(acme, orders, CancellationToken.None);
        Assert.Equal((10, 10.0, 0.0), (status.Dataset.Queries, status.Dataset.SpentEpsilon, status.Dataset.RemainingEpsilon));
    }

    [Fact]
    public async Task Concurrent_charges_on_several_datasets_never_spend_more_than_the_organizations_monthly_cap()
    {
        var acme = await OrganizationAsync(monthlyCap: 10);
        Guid[] datasets = [await DatasetAsync(acme), await DatasetAsync(acme), await DatasetAsync(acme)];

        Assert.Equal(10, await ChargeConcurrentlyAsync(acme, datasets, 30));

        var list = await Instance().ListAsync(acme, CancellationToken.None);
        Assert.Equal((10.0, 10.0, 0.0), (list.Month.EpsilonCap, list.Month.SpentEpsilon, list.Month.RemainingEpsilon));
        Assert.Equal(10, list.Datasets.Sum(d => d.Queries));
    }

    [Fact]
    public async Task The_monthly_cap_refuses_with_its_own_scope_and_starts_again_next_month()
    {
        var acme = await OrganizationAsync(monthlyCap: 3);
        var orders = await DatasetAsync(acme);
        var visits = await DatasetAsync(acme);
        var ledger = Instance();
        await ledger.ChargeAsync(acme, orders, "sum", PrivacyParameters.Laplace(2), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<PrivacyBudgetExhaustedException>(
            () => ledger.ChargeAsync(acme, visits, "sum", PrivacyParameters.Laplace(1.5), CancellationToken.None));
        var tooLarge = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => ledger.ChargeAsync(acme, visits, "sum", PrivacyParameters.Laplace(3.5), CancellationToken.None));

        Assert.Equal((PrivacyBudgetScope.OrganizationMonth, visits, 1.0, (double?)null), (refusal.Scope, refusal.DatasetId, refusal.RemainingEpsilon, refusal.RemainingDelta));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), refusal.ResetsAt);
        Assert.Contains("monthly cap of ε = 3", tooLarge.Message, StringComparison.Ordinal);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var charge = await ledger.ChargeAsync(acme, visits, "sum", PrivacyParameters.Laplace(1.5), CancellationToken.None);
        Assert.Equal((8.5, 1.5), (charge.RemainingEpsilon, charge.RemainingMonthlyEpsilon));
        // The dataset's own budget never refills: November's spend still counts against it.
        var status = await ledger.GetStatusAsync(acme, orders, CancellationToken.None);
        Assert.Equal((8.0, 1.5), (status.Dataset.RemainingEpsilon, status.Month.SpentEpsilon));
    }

    [Fact]
    public async Task A_dataset_is_charged_only_by_id_within_its_organization_and_not_once_archived()
    {
        var acme = await OrganizationAsync();
        var globex = await OrganizationAsync();
        var orders = await DatasetAsync(acme, epsilon: 5, delta: 0);
        var archived = await DatasetAsync(acme, archived: true);
        var ledger = Instance();

        await ledger.ChargeAsync(acme, orders, "count", PrivacyParameters.Laplace(4), CancellationToken.None);

        await Assert.ThrowsAsync<NotFoundException>(() => ledger.ChargeAsync(globex, orders, "count", PrivacyParameters.Laplace(1), CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => ledger.GetStatusAsync(globex, orders, CancellationToken.None));
        await Assert.ThrowsAsync<PrivacyDatasetArchivedException>(() => ledger.ChargeAsync(acme, archived, "count", PrivacyParameters.Laplace(1), CancellationToken.None));
        // δ = 0 admits Laplace queries only; the dataset's own budget decides, not the platform's default.
        var delta = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => ledger.ChargeAsync(acme, orders, "mean", PrivacyParameters.Gaussian(0.5, 1e-7), CancellationToken.None));
        Assert.Equal("delta", delta.ParamName);
        var status = await ledger.GetStatusAsync(acme, orders, CancellationToken.None);
        Assert.Equal((5.0, 1.0, 1), (status.Dataset.EpsilonBudget, status.Dataset.RemainingEpsilon, status.Dataset.Queries));
        Assert.Equal(50.0 - 4, status.Month.RemainingEpsilon);
        Assert.Equal(0.0, (await ledger.ListAsync(globex, CancellationToken.None)).Month.SpentEpsilon);
    }

    public sealed class OnSqlite() : PrivacyBudgetLedgerTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : PrivacyBudgetLedgerTests(DatabaseProvider.PostgreSql);
}
