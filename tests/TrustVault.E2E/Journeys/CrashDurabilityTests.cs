using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

public sealed class CrashDurabilityTests
{
    // The demo customer's public key; its organization subscribes to the first-party AI Analytics API.
    private const string DemoKey = "tv_live_globexdemo26_DemoKeyForTheReadme-NeverUseInProduction";

    /// <summary>Answers (served or refused by the demo plan's 2 calls a second, all metered) to have before the kill.</summary>
    private const int EnoughAnswers = 40;

    [Fact]
    public async Task Every_call_a_client_got_an_answer_for_is_in_the_usage_store_after_a_SIGKILL_and_restart()
    {
        var answered = new ConcurrentDictionary<string, HttpStatusCode>();
        string databasePath;
        await using (var first = await AppServer.StartAsync())
        {
            databasePath = first.DatabasePath;
            using var client = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource();
            var served = 0;
            var enoughAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                // Bounded: at most 400 calls per worker, and only until the kill.
                for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/gw/ai-analytics/v1/ping");
                    request.Headers.Add("X-Api-Key", DemoKey);
                    try
                    {
                        using var response = await client.SendAsync(request, stop.Token);
                        await response.Content.ReadAsByteArrayAsync(stop.Token);
                        answered[response.Headers.GetValues("X-TrustVault-Request-Id").Single()] = response.StatusCode;
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref served);
                        }

                        if (Volatile.Read(ref served) > 0 && answered.Count >= EnoughAnswers)
                        {
                            enoughAnswered.TrySetResult();
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        // Cut off by the kill: the client saw no answer, so nothing is owed.
                    }
                }
            })).ToList();

            // Killed once calls are being answered and written, however long a loaded machine takes to get there.
            await enoughAnswered.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(load);
            // Restart on the same file, as after a crash, before disposing the killed process's handle.
            await using var second = await AppServer.StartAsync(databasePath);
            var stored = await StoredRequestIdsAsync(databasePath);

            Assert.Contains(answered.Values, status => status == HttpStatusCode.OK);
            var missing = answered.Keys.Where(id => !stored.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {answered.Count} answered calls are missing from the usage store.");
        }
    }

    private static async Task<HashSet<string>> StoredRequestIdsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT RequestId FROM UsageEvents";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
