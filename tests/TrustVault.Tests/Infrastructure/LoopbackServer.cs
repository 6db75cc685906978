using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace TrustVault.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 at a free port standing in for an outside service (Stripe, an upstream API, a
/// webhook receiver…): each fake maps its few routes and keeps what it received. A class fixture as it is; a fake that
/// takes arguments starts itself with <see cref="InitializeAsync"/> and is disposed with <c>await using</c>.
/// </summary>
public abstract class LoopbackServer : IAsyncLifetime, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>http://127.0.0.1:port/ once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The routes and middleware of the fake, mapped before it starts.</summary>
    protected abstract void Map(WebApplication app);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A fake's own request logs would only bury the test's output.
        builder.Logging.ClearProviders();
        app = builder.Build();
        Map(app);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
