using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Analytics;

/// <summary>What the fake service received for one chat completion call.</summary>
public sealed record ChatCompletionCall(string Deployment, string? ApiVersion, string? ApiKey, JsonDocument Body);

/// <summary>
/// A loopback HTTP server speaking the Azure OpenAI chat completions protocol:
/// POST /openai/deployments/{deployment}/chat/completions?api-version=…, answered by <c>respond</c>.
/// </summary>
public sealed class FakeAzureOpenAIServer : LoopbackServer
{
    private readonly Func<CancellationToken, Task<IResult>> respond;

    private FakeAzureOpenAIServer(Func<CancellationToken, Task<IResult>> respond) => this.respond = respond;

    public ConcurrentQueue<ChatCompletionCall> Calls { get; } = new();

    /// <summary>A chat.completion body with one assistant message, as the service returns it.</summary>
    public static IResult Completion(string content) => Results.Json(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_764_000_000,
        model = "gpt-4o-mini",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 120, completion_tokens = 30, total_tokens = 150 },
    });

    public static async Task<FakeAzureOpenAIServer> StartAsync(Func<CancellationToken, Task<IResult>> respond)
    {
        var server = new FakeAzureOpenAIServer(respond);
        await server.InitializeAsync();
        return server;
    }

    protected override void Map(WebApplication app) =>
        app.MapPost("/openai/deployments/{deployment}/chat/completions", async (string deployment, HttpRequest request, CancellationToken ct) =>
        {
            var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            Calls.Enqueue(new ChatCompletionCall(deployment, request.Query["api-version"], request.Headers["api-key"], body));
            return await respond(ct);
        });
}
