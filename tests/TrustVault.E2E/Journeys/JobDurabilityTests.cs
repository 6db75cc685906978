using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

public sealed class JobDurabilityTests
{
    // The demo customer's public key; its organization subscribes to the first-party AI Analytics API.
    private const string DemoKey = "tv_live_globexdemo26_DemoKeyForTheReadme-NeverUseInProduction";

    [Fact]
    public async Task A_job_queued_before_a_SIGKILL_runs_after_the_restart()
    {
        // The first process runs no job server, so the queued run is still waiting when the process is killed;
        // nothing but Hangfire's stored queue can run it afterwards.
        await using var first = await AppServer.StartAsync(settings: new Dictionary<string, string> { ["Jobs__RunServer"] = "false" });
        string jobUrl;
        using (var client = Client(first))
        {
            using var upload = new StringContent("month,visits\n2025-01,1200\n2025-02,1340\n2025-03,1290\n", Encoding.UTF8, "text/csv");
            using var queued = await client.PostAsync("/gw/ai-analytics/v1/profile?async=true", upload);
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
            jobUrl = queued.Headers.Location!.OriginalString;
            Assert.Equal("queued", await StatusAsync(client, jobUrl));
        }

        await first.KillAsync();
        // Restart on the same files, as after a crash, before disposing the killed process's handle.
        await using var second = await AppServer.StartAsync(first.DatabasePath);
        using var restarted = Client(second);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var status = await StatusAsync(restarted, jobUrl);
        while (status is "queued" or "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            status = await StatusAsync(restarted, jobUrl);
        }

        Assert.True(status == "succeeded", $"The run is {status} after the restart:\n{second.Log}");
    }

    private static HttpClient Client(AppServer server)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoKey);
        return client;
    }

    /// <summary>
    /// The run's status. The demo plan allows 2 calls a second, which polling every 250 ms outpaces when the app answers
    /// quickly and the job has not run yet: a poll refused by the rate limit waits as long as the gateway asks and asks again.
    /// </summary>
    private static async Task<string> StatusAsync(HttpClient client, string jobUrl)
    {
        while (true)
        {
            using var response = await client.GetAsync(jobUrl);
            // The rate limit asks for a second or two; a used-up monthly quota asks for the month's end and fails below.
            if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } wait && wait <= TimeSpan.FromMinutes(1))
            {
                await Task.Delay(wait);
                continue;
            }

            response.EnsureSuccessStatusCode();
            var document = await response.Content.ReadFromJsonAsync<JsonElement>();
            return document.GetProperty("job").GetProperty("status").GetString()!;
        }
    }
}
