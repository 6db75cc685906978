using System.Net;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Health;

/// <summary>The whole app on PostgreSQL: migrated and seeded at start, jobs stored there, readiness following the database.</summary>
[Collection(AppCollection.Name)]
[Trait(PostgresTests.Trait, PostgresTests.Value)]
public sealed class PostgresReadinessTests : IAsyncLifetime
{
    private readonly PostgresFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task The_app_starts_on_postgres_and_readiness_fails_once_the_database_is_gone()
    {
        var client = factory.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.IsType<PostgreSqlStorage>(factory.Services.GetRequiredService<JobStorage>());

        await factory.Postgres!.DropAsync();
        var gone = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        Assert.Equal("Unhealthy", await gone.Content.ReadAsStringAsync());
    }

    private sealed class PostgresFactory() : TrustVaultFactory(DatabaseProvider.PostgreSql);
}
