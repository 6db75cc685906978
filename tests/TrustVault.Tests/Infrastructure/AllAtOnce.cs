using TrustVault.Core.Errors;

namespace TrustVault.Tests.Infrastructure;

/// <summary>Calls that arrive together, as a double-clicked button, a retrying client or two people on one page send them.</summary>
public static class AllAtOnce
{
    /// <summary>
    /// Runs the calls at once, each on a thread of its own released together (SQLite's "asynchronous" calls run
    /// synchronously, so calls sharing the pool's few threads would mostly run one after another); the bad-input
    /// refusals they met (any other failure fails the test).
    /// </summary>
    public static async Task<IReadOnlyList<InvalidInputException>> RefusalsAsync(IReadOnlyList<Func<Task>> calls)
    {
        using var start = new Barrier(calls.Count);
        var outcomes = await Task.WhenAll(calls.Select(call => Task.Factory.StartNew(
            async () =>
            {
                start.SignalAndWait();
                try
                {
                    await call();
                    return null;
                }
                catch (InvalidInputException refusal)
                {
                    return refusal;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()));
        return [.. outcomes.OfType<InvalidInputException>()];
    }
}
