using System.Net;
using System.Text;
using TrustVault.Client;

namespace TrustVault.Tests.Sdk;

/// <summary>The SDK's handling of 429: waits out Retry-After within its bounds, never a used-up monthly quota.</summary>
public sealed class TrustVaultClientRetryTests
{
    private readonly List<TimeSpan> waits = [];

    [Fact]
    public async Task A_rate_limited_call_waits_the_retry_after_and_sends_the_same_body_again()
    {
        var handler = new ScriptedHandler(RateLimited(TimeSpan.FromSeconds(2)), Ok("""{"ciphertext":"7","count":1}"""));
        using var client = Client(handler);

        var result = await client.PostJsonAsync<Dictionary<string, object>>("privacy-analytics", "/v1/paillier/sum", new { value = 42 });

        Assert.Equal("7", result["ciphertext"].ToString());
        Assert.Equal([TimeSpan.FromSeconds(2)], waits);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r =>
        {
            Assert.Equal("""{"value":42}""", r.Body);
            Assert.Equal("tv_test_key", r.ApiKey);
            Assert.Equal("http://trustvault.test/gw/privacy-analytics/v1/paillier/sum", r.Uri);
        });
    }

    [Fact]
    public async Task A_used_up_monthly_quota_is_not_retried()
    {
        var quota = Problem(HttpStatusCode.TooManyRequests, "Monthly quota used up", "All 1,000 calls of this month's plan are used.");
        quota.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromDays(5));
        quota.Headers.Add("X-Quota-Remaining", "0");
        var handler = new ScriptedHandler(quota, Ok("{}"));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => client.CallAsync("ai-analytics", HttpMethod.Get, "/v1/ping"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("Monthly quota used up", error.Title);
        Assert.Equal(TimeSpan.FromDays(5), error.RetryAfter);
        Assert.Single(handler.Requests);
        Assert.Empty(waits);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_maximum_wait_surfaces_at_once()
    {
        var handler = new ScriptedHandler(RateLimited(TimeSpan.FromMinutes(5)), Ok("{}"));
        using var client = Client(handler, new TrustVaultClientOptions { MaxRetryWait = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => client.CallAsync("ai-analytics", HttpMethod.Get, "/v1/ping"));

        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.Single(handler.Requests);
        Assert.Empty(waits);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts_with_the_last_problem()
    {
        var handler = new ScriptedHandler(Enumerable.Range(0, 5).Select(_ => RateLimited(TimeSpan.FromMilliseconds(10))).ToArray());
        using var client = Client(handler, new TrustVaultClientOptions { MaxAttempts = 3 });

        var error = await Assert.ThrowsAsync<TrustVaultApiException>(() => client.CallAsync("ai-analytics", HttpMethod.Get, "/v1/ping"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("Rate limit exceeded", error.Title);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, waits.Count);
    }

    [Fact]
    public async Task A_retry_after_date_waits_until_that_time()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var limited = Problem(HttpStatusCode.TooManyRequests, "Rate limit exceeded", "Retry later.");
        limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(3));
        var handler = new ScriptedHandler(limited, Ok("{}"));
        using var client = Client(handler, new TrustVaultClientOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now) });

        using var response = await client.CallAsync("ai-analytics", HttpMethod.Get, "/v1/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(3)], waits);
    }

    [Fact]
    public async Task A_gateway_call_without_an_api_key_fails_before_sending()
    {
        var handler = new ScriptedHandler(Ok("{}"));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://trustvault.test") };
        using var client = new TrustVaultClient(http, personalAccessToken: "tvp_x_y");

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.CallAsync("ai-analytics", HttpMethod.Get, "/v1/ping"));
        Assert.Empty(handler.Requests);
    }

    private TrustVaultClient Client(ScriptedHandler handler, TrustVaultClientOptions? options = null)
    {
        options ??= new TrustVaultClientOptions();
        options.Delay = (wait, _) =>
        {
            waits.Add(wait);
            return Task.CompletedTask;
        };
#pragma warning disable CA2000 // The HttpClient lives as long as the test; disposing the handler with it is not needed.
        var http = new HttpClient(handler) { BaseAddress = new Uri("http://trustvault.test") };
#pragma warning restore CA2000
        return new TrustVaultClient(http, apiKey: "tv_test_key", options: options);
    }

    private static HttpResponseMessage Ok(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage RateLimited(TimeSpan wait)
    {
        var response = Problem(HttpStatusCode.TooManyRequests, "Rate limit exceeded", "Your plan allows 2 requests per second.");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        return response;
    }

    private static HttpResponseMessage Problem(HttpStatusCode status, string title, string detail) =>
        new(status)
        {
            Content = new StringContent(
                $$"""{"type":"https://tools.ietf.org/html/rfc6585#section-4","title":"{{title}}","status":{{(int)status}},"detail":"{{detail}}"}""",
                Encoding.UTF8,
                "application/problem+json"),
        };

    private sealed record SentRequest(string Uri, string? ApiKey, string? Body);

    /// <summary>Answers with the given responses in order and records what was sent.</summary>
    private sealed class ScriptedHandler(params HttpResponseMessage[] responses) : HttpMessageHandler
    {
        private int next;

        public List<SentRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new SentRequest(
                request.RequestUri!.ToString(),
                request.Headers.TryGetValues("X-Api-Key", out var keys) ? keys.Single() : null,
                request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
            return responses[next++];
        }
    }
}
