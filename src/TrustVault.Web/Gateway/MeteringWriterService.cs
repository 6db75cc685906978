using TrustVault.Core.Metering;

namespace TrustVault.Web.Gateway;

/// <summary>Runs the usage writer for the app's lifetime; on shutdown it drains the queue before the process ends.</summary>
internal sealed class MeteringWriterService(UsageRecorder recorder) : IHostedService
{
    private Task? writer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        writer = Task.Run(recorder.RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        if (writer is not null)
        {
            await writer.WaitAsync(cancellationToken);
        }
    }
}
