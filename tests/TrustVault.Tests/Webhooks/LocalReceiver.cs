using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Webhooks;

public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>A customer's webhook receiver on loopback: keeps every request and answers 500 to the first <see cref="FailuresLeft"/> of them.</summary>
public sealed class LocalReceiver : LoopbackServer
{
    private int failuresLeft;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri Url => new(BaseAddress, "/hooks");

    public int FailuresLeft
    {
        get => Volatile.Read(ref failuresLeft);
        set => Volatile.Write(ref failuresLeft, value);
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            Received.Enqueue(new ReceivedWebhook(
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync()));
            return Interlocked.Decrement(ref failuresLeft) >= 0 ? Results.StatusCode(500) : Results.Ok();
        });
    }
}
