using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Billing;
using TrustVault.Core.Data;
using TrustVault.Core.Payments;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

/// <summary>The test-mode ledger asked the same thing by several nodes at once, on a SQLite file of its own.</summary>
public sealed class LocalPaymentProviderTests : IAsyncLifetime
{
    private const int Nodes = 4;
    private readonly CapturingLoggerProvider logs = new();
    private readonly CoreTestHost host = CoreTestHost.On(DatabaseProvider.Sqlite, services => services.AddSingleton<LocalPaymentProvider>());

    private LocalPaymentProvider Payments => host.Get<LocalPaymentProvider>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        host.Get<ILoggerFactory>().AddProvider(logs);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task One_charge_asked_by_several_nodes_at_once_is_recorded_once_and_answered_alike_without_logging_an_error()
    {
        var (_, organization) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
        var request = new ChargeRequest(Guid.NewGuid(), 1, organization, "TV-2026-0001", "EUR", 30m, []);
        var results = new ChargeResult[Nodes];

        await AllAtOnce.RefusalsAsync([.. Enumerable.Range(0, Nodes).Select(i => (Func<Task>)(async () =>
            results[i] = await Payments.ChargeAsync(request, CancellationToken.None)))]);

        Assert.All(results, r => Assert.Equal(new ChargeResult(ChargeOutcome.Paid, request.IdempotencyKey), r));
        Assert.Equal(1, await LedgerRowsAsync(request.IdempotencyKey));
        Assert.Empty(logs.ErrorsAfter(0));
    }

    [Fact]
    public async Task One_payout_asked_by_several_nodes_at_once_is_recorded_once_without_logging_an_error()
    {
        var (_, provider) = await host.AddCustomerAsync("provider@example.com", TestCards.Visa);
        var request = new PayoutRequest(Guid.NewGuid(), provider, "EUR", 21m, "Payout for November 2026");
        var results = new PayoutResult[Nodes];

        await AllAtOnce.RefusalsAsync([.. Enumerable.Range(0, Nodes).Select(i => (Func<Task>)(async () =>
            results[i] = await Payments.PayOutAsync(request, CancellationToken.None)))]);

        Assert.All(results, r => Assert.True(r.Paid));
        Assert.Equal(1, await LedgerRowsAsync($"payout-{request.PayoutId:N}"));
        Assert.Empty(logs.ErrorsAfter(0));
    }

    private async Task<int> LedgerRowsAsync(string idempotencyKey)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.LedgerEntries.CountAsync(e => e.IdempotencyKey == idempotencyKey);
    }
}
