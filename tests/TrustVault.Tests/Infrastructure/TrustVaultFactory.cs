using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Email;

namespace TrustVault.Tests.Infrastructure;

/// <summary>The real app on its own SQLite file, migrated and seeded, with e-mail captured and no job server.</summary>
public class TrustVaultFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase database = new();

    public CapturingEmailSender Emails { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Jobs:RunServer", "false");
        // No mail server by default; the transport is replaced by the capturing one below.
        builder.UseSetting("Email:Disabled", "true");
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEmailSender>(Emails)));
    }

    /// <summary>Sends the mail waiting in the outbox, as the e-mail job would (these tests run no job server).</summary>
    public Task SendQueuedEmailAsync() => Services.GetRequiredService<EmailOutboxDispatcher>().SendDueAsync(CancellationToken.None);

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            database.Dispose();
        }
    }
}
