using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

/// <summary>SQL Server's usage writer, which is plain EF: here on a SQLite file of its own.</summary>
public sealed class EfUsageWriterTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider logs = new();
    private readonly CoreTestHost host = CoreTestHost.On(DatabaseProvider.Sqlite);

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        host.Get<ILoggerFactory>().AddProvider(logs);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_retried_batch_stores_only_its_new_events_without_logging_an_error()
    {
        var contexts = host.Get<IDbContextFactory<TrustVaultDbContext>>();
        var stored = new[] { Event(), Event() };
        await using var writer = new EfUsageWriter(contexts);
        Assert.Equal(stored, await writer.WriteAsync(stored, e => e));
        var added = Event();

        // The batch again, as a write retried after its first attempt committed, with a call that came meanwhile.
        var written = await writer.WriteAsync([.. stored, added], e => e);

        Assert.Equal([added], written);
        await using var db = await contexts.CreateDbContextAsync();
        Assert.Equal(3, await db.UsageEvents.CountAsync());
        Assert.Empty(logs.ErrorsAfter(0));
    }

    private UsageEvent Event() => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        At = host.Clock.GetUtcNow(),
        OrganizationId = Guid.NewGuid(),
        SubscriptionId = Guid.NewGuid(),
        ApiKeyId = Guid.NewGuid(),
        Method = "GET",
        Route = "/x/y",
        Status = 200,
    };
}
