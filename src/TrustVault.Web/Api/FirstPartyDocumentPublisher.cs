using TrustVault.Core.Catalog;

namespace TrustVault.Web.Api;

/// <summary>
/// Stores the first-party documents in their listings at every start, existing databases too: the documents follow the
/// endpoints of the running version. Once the app has started, because the documents are generated from the endpoints
/// that routing serves, which it knows only once the request pipeline is built; the start waits for it, and /health/ready
/// until it is done (<see cref="FirstPartyDocumentsHealthCheck"/>).
/// </summary>
internal sealed class FirstPartyDocumentPublisher(IServiceProvider services, IHostApplicationLifetime lifetime, FirstPartyDocumentsHealthCheck readiness)
    : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var documents = await FirstPartyDocuments.GenerateAsync(services, cancellationToken);
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<FirstPartyDocumentSync>().SyncAsync(documents, lifetime.ApplicationStopping);
        readiness.MarkPublished();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
