using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Email;

namespace TrustVault.Tests.Infrastructure;

/// <summary>
/// The real app on a database of its own (a SQLite file unless told) and a usage journal directory of its own, migrated
/// and seeded, with e-mail captured and no job server.
/// </summary>
public class TrustVaultFactory : WebApplicationFactory<Program>
{
    private readonly DatabaseProvider provider;
    private readonly TestDatabase? sqlite;
    private readonly PostgresTestDatabase? postgres;
    private readonly string journalDirectory = Path.Combine(Path.GetTempPath(), $"trustvault-journal-{Guid.NewGuid():N}");

    // xunit builds class fixtures through their one public constructor.
    public TrustVaultFactory()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected TrustVaultFactory(DatabaseProvider provider)
    {
        this.provider = provider;
        sqlite = provider == DatabaseProvider.Sqlite ? new TestDatabase() : null;
        postgres = provider == DatabaseProvider.PostgreSql ? new PostgresTestDatabase() : null;
    }

    public CapturingEmailSender Emails { get; } = new();

    /// <summary>The app's database when it runs on PostgreSQL.</summary>
    public PostgresTestDatabase? Postgres => postgres;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("Database:ConnectionString", sqlite?.ConnectionString ?? postgres?.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Metering:JournalDirectory", journalDirectory);
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Jobs:RunServer", "false");
        // No mail server by default; the transport is replaced by the capturing one below.
        builder.UseSetting("Email:Disabled", "true");
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEmailSender>(Emails)));
    }

    /// <summary>Sends the mail waiting in the outbox, as the e-mail job would (these tests run no job server).</summary>
    public Task SendQueuedEmailAsync() => Services.GetRequiredService<EmailOutboxDispatcher>().SendDueAsync(CancellationToken.None);

    /// <summary>Waits until the usage journal has imported the events of the gateway calls that got <paramref name="responses"/>.</summary>
    public Task UsageImportedAsync(params IEnumerable<HttpResponseMessage> responses) => UsageStore.WaitForEventsAsync(
        Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>(), [.. responses.Select(r => r.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single())]);

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        sqlite?.Dispose();
        if (Directory.Exists(journalDirectory))
        {
            Directory.Delete(journalDirectory, recursive: true);
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
