using TrustVault.Core.Metering;

namespace TrustVault.Web.Gateway;

/// <summary>
/// Runs the usage writer for the app's lifetime; on shutdown it drains the queue before the process ends. On SQLite and
/// PostgreSQL the journals of ended processes are imported before the app serves (hosted services start before the
/// server), so the quota counts this node loads from the database include the calls a killed process answered.
/// </summary>
internal sealed class MeteringWriterService(UsageRecorder recorder) : IHostedService
{
    private Task? writer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await recorder.StartAsync();
        writer = Task.Run(recorder.RunAsync, CancellationToken.None);
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
