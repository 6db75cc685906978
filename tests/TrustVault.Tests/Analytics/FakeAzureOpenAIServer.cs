using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TrustVault.Tests.Analytics;

/// <summary>What the fake service received for one chat completion call.</summary>
public sealed record ChatCompletionCall(string Deployment, string? ApiVersion, string? ApiKey, JsonDocument Body);

/// <summary>
/// A loopback HTTP server speaking the Azure OpenAI chat completions protocol:
/// POST /openai/deployments/{deployment}/chat/completions?api-version=…, answered by <c>respond</c>.
/// </summary>
public sealed class FakeAzureOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeAzureOpenAIServer(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new FakeAzureOpenAIServer(builder.Build());
        server.app.MapPost("/openai/deployments/{deployment}/chat/completions", async (string deployment, HttpRequest request, CancellationToken ct) =>
        {
            var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            server.Calls.Enqueue(new ChatCompletionCall(deployment, request.Query["api-version"], request.Headers["api-key"], body));
            return await respond(ct);
        });
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Endpoint = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
