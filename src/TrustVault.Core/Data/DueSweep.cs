namespace TrustVault.Core.Data;

/// <summary>
/// How an outbox is swept: the rows due now, a batch at a time, each attempted by whoever claims it first. A sweep
/// stops after a short batch (nothing more is due) or one in which no row could be claimed (other workers hold them),
/// so two workers never spin on each other's rows.
/// </summary>
internal static class DueSweep
{
    /// <summary>A row that is due: its id and the moment it fell due, which its claim compares against.</summary>
    public readonly record struct DueRow(Guid Id, DateTimeOffset? Due);

    /// <summary>Runs <paramref name="attempt"/> over every batch <paramref name="nextBatch"/> gives; returns how many attempts were made.</summary>
    public static async Task<int> RunAsync(
        Func<CancellationToken, Task<List<DueRow>>> nextBatch,
        int batchSize,
        int parallelism,
        Func<DueRow, CancellationToken, Task<bool>> attempt,
        CancellationToken cancellationToken)
    {
        var attempted = 0;
        while (true)
        {
            var due = await nextBatch(cancellationToken);
            var made = 0;
            await Parallel.ForEachAsync(
                due,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (row, token) =>
                {
                    if (await attempt(row, token))
                    {
                        Interlocked.Increment(ref made);
                    }
                });
            attempted += made;
            if (due.Count < batchSize || made == 0)
            {
                return attempted;
            }
        }
    }
}
