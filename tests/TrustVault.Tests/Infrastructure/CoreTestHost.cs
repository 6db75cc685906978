using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core;
using TrustVault.Core.Accounts;
using TrustVault.Core.Data;
using TrustVault.Core.Email;

namespace TrustVault.Tests.Infrastructure;

/// <summary>Core's services over a migrated SQLite file, with a fake clock and captured e-mail; no web host.</summary>
public sealed class CoreTestHost : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private ServiceProvider? services;
    private AsyncServiceScope? scope;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    public CapturingEmailSender Emails { get; } = new();

    /// <summary>One scope for the whole test, as one request or circuit would have.</summary>
    public IServiceProvider Services => scope?.ServiceProvider ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton<IEmailSender>(Emails);
        collection.AddTrustVaultCore(new DatabaseOptions { ConnectionString = database.ConnectionString }, Path.GetTempPath());
        services = collection.BuildServiceProvider(validateScopes: true);
        scope = services.CreateAsyncScope();
        await Get<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Adds a user row directly; these tests are about what happens after sign-up.</summary>
    public async Task<ApplicationUser> AddUserAsync(string email)
    {
        var user = new ApplicationUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        await using var db = await Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async Task DisposeAsync()
    {
        if (scope is { } open)
        {
            await open.DisposeAsync();
        }

        if (services is not null)
        {
            await services.DisposeAsync();
        }

        database.Dispose();
    }
}
