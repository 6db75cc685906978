using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;

namespace TrustVault.Tests.Infrastructure;

/// <summary>Waits for usage events that reach the store a moment after their calls were answered (the usage journal imports them).</summary>
public static class UsageStore
{
    /// <summary>Generous: the import normally takes milliseconds, and a loaded CI machine far longer.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Polls until every one of <paramref name="requestIds"/> is stored; fails with how many are missing after <see cref="Patience"/>.</summary>
    public static async Task WaitForEventsAsync(IDbContextFactory<TrustVaultDbContext> contexts, IReadOnlyCollection<string> requestIds)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using (var db = await contexts.CreateDbContextAsync())
            {
                var stored = await db.UsageEvents.CountAsync(e => requestIds.Contains(e.RequestId));
                if (stored == requestIds.Count)
                {
                    return;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{requestIds.Count - stored} of {requestIds.Count} usage events are not stored after {Patience.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }
}
