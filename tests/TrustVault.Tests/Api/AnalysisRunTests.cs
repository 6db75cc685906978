using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Analytics.Runs;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Api;

namespace TrustVault.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class AnalysisRunTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => DemoCustomer.UseRoomiestPlanAsync(factory, "ai-analytics");

    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static Task<Guid> QueueAsync(HttpClient client, string csv) => QueueAsync(client, Csv(csv));

    private static async Task<Guid> QueueAsync(HttpClient client, StringContent upload)
    {
        var response = await client.PostAsync("/gw/ai-analytics/v1/profile?async=true", upload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        // As GET /v1/jobs/{id} and the document's enum write it.
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var job = queued.GetProperty("id").GetGuid();
        Assert.Equal($"/gw/ai-analytics/v1/jobs/{job}", response.Headers.Location?.OriginalString);
        return job;
    }

    private async Task<JsonElement> StatusAsync(HttpClient client, Guid job)
    {
        var response = await client.GetAsync($"/gw/ai-analytics/v1/jobs/{job}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_background_profile_is_queued_with_202_runs_and_its_result_is_served()
    {
        var client = DemoCustomer.Client(factory);
        var job = await QueueAsync(client, "city,temperature\nBerlin,12.5\nParis,15\nRome,\n");
        Assert.Equal("queued", (await StatusAsync(client, job)).GetProperty("job").GetProperty("status").GetString());

        // The job server is off in tests: run the job as Hangfire would.
        await factory.Services.GetRequiredService<AnalysisRunService>().RunProfileAsync(job, CancellationToken.None);

        var done = await StatusAsync(client, job);
        Assert.Equal(("succeeded", 100), (done.GetProperty("job").GetProperty("status").GetString(), done.GetProperty("job").GetProperty("progress").GetInt32()));
        Assert.Equal(3, done.GetProperty("result").GetProperty("rows").GetInt32());
        var temperature = done.GetProperty("result").GetProperty("columns")[1];
        Assert.Equal((1, 13.75), (temperature.GetProperty("missing").GetInt32(), temperature.GetProperty("mean").GetDouble()));
    }

    [Fact]
    public async Task A_chunked_upload_past_the_threshold_is_profiled_by_a_background_job_and_a_small_one_in_the_request()
    {
        var rows = (int)(AnalyticsApi.BackgroundThresholdBytes / "12345,67.5\n".Length) + 1000;
        var large = Encoding.UTF8.GetBytes("id,value\n" + string.Concat(Enumerable.Repeat("12345,67.5\n", rows)));
        // The test server's own client: the factory's default one buffers bodies (to follow redirects) and declares their length.
        using var client = factory.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoSeedOptions.CustomerApiKey);

        var queued = await client.PostAsync("/gw/ai-analytics/v1/profile", new UnsizedCsv(large));
        var inline = await client.PostAsync("/gw/ai-analytics/v1/profile", new UnsizedCsv(Encoding.UTF8.GetBytes("id,value\n1,2.5\n2,3.5\n")));

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(large.Length, (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inputBytes").GetInt64());
        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
        Assert.Equal(2, (await inline.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());
    }

    /// <summary>A CSV body of no declared length, sent chunked as a streaming client sends it.</summary>
    private sealed class UnsizedCsv : HttpContent
    {
        private readonly byte[] body;

        public UnsizedCsv(byte[] body)
        {
            this.body = body;
            Headers.ContentType = new("text/csv");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_background_profile_of_json_rows_reads_them_as_json()
    {
        var client = DemoCustomer.Client(factory);
        var job = await QueueAsync(client, new StringContent("""[{"city": "Berlin", "temperature": 12.5}, {"city": "Paris", "temperature": 15}]""", Encoding.UTF8, "application/json"));

        await factory.Services.GetRequiredService<AnalysisRunService>().RunProfileAsync(job, CancellationToken.None);

        var done = await StatusAsync(client, job);
        Assert.Equal(("profile-json", "succeeded"), (done.GetProperty("job").GetProperty("kind").GetString(), done.GetProperty("job").GetProperty("status").GetString()));
        Assert.Equal(13.75, done.GetProperty("result").GetProperty("columns")[1].GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task A_broken_csv_fails_the_job_with_the_row_named()
    {
        var client = DemoCustomer.Client(factory);
        var job = await QueueAsync(client, "a,b\n1,2\n\"unterminated,3\n");

        await factory.Services.GetRequiredService<AnalysisRunService>().RunProfileAsync(job, CancellationToken.None);

        var failed = (await StatusAsync(client, job)).GetProperty("job");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("row", failed.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_organization_cannot_see_the_job_or_download_its_result()
    {
        var job = await QueueAsync(DemoCustomer.Client(factory), "x\n1\n");
        await factory.Services.GetRequiredService<AnalysisRunService>().RunProfileAsync(job, CancellationToken.None);

        var stranger = factory.CreateBrowser();
        await stranger.LogInAsync(DemoAccountKind.Provider);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/console/runs/{job}/result.json")).StatusCode);

        var owner = factory.CreateBrowser();
        await owner.LogInAsync(DemoAccountKind.Customer);
        var download = await owner.GetAsync($"/console/runs/{job}/result.json");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(1, (await download.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task An_unknown_job_is_404()
    {
        var response = await DemoCustomer.Client(factory).GetAsync($"/gw/ai-analytics/v1/jobs/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
