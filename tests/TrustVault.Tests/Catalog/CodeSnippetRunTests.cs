using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TrustVault.Core.Catalog.Snippets;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// The curl and Python snippets run as a visitor would run them (the Python one with the SDK in sdk/python), against a
/// loopback stand-in for TrustVault that records what arrives: the same method, path, query, headers and body as asked.
/// </summary>
public sealed class CodeSnippetRunTests : IAsyncLifetime
{
    private const string Key = "tv_test_k3y'$x";

    // Every value a snippet must escape: a space, a slash and non-ASCII in a path segment, '&' and '=' in the query,
    // quotes, a dollar and a backtick in a header and in the body.
    private static readonly SnippetRequest Request = new(
        "skycast-weather",
        "POST",
        SnippetRequest.FillPath("/v1/cities/{city}/notes", new Dictionary<string, string> { ["city"] = "São Paulo/1" }, n => n),
        [KeyValuePair.Create("tag", "a&b=c"), KeyValuePair.Create("days", "7")],
        [KeyValuePair.Create("X-Note", "it's \"$HOME\" `x`")],
        "{\n  \"text\": \"Zoë said \\\"hi\\\" and it's $5 `now`\",\n  \"ok\": true\n}",
        "application/json");

    private readonly RecordingGateway gateway = new();

    public Task InitializeAsync() => gateway.InitializeAsync();

    public Task DisposeAsync() => gateway.DisposeAsync();

    [Fact]
    public async Task The_curl_snippet_sends_the_request_as_written()
    {
        var code = CodeSnippets.Write(SnippetLanguage.Curl, gateway.BaseAddress, Request);

        await RunAsync("bash", ["-c", code + " --fail --silent --show-error"], gateway.BaseAddress);

        AssertReceived(gateway.Received.Single(), "application/json");
    }

    [Fact]
    public async Task The_python_snippet_sends_the_request_as_written_through_the_sdk()
    {
        var code = CodeSnippets.Write(SnippetLanguage.Python, gateway.BaseAddress, Request);

        await RunAsync("python3", ["-c", code], gateway.BaseAddress);

        // The SDK sends the JSON it serialized itself, compactly: the same document.
        var received = gateway.Received.Single();
        AssertReceived(received with { Body = System.Text.Json.Nodes.JsonNode.Parse(received.Body)!.ToJsonString() }, "application/json", compactBody: true);
    }

    [Fact]
    public async Task A_key_written_into_the_python_snippet_is_the_one_sent()
    {
        var code = CodeSnippets.Write(SnippetLanguage.Python, gateway.BaseAddress, Request with { Body = null, ContentType = null, Method = "GET" }, Key);

        await RunAsync("python3", ["-c", code], null);

        Assert.Equal(Key, gateway.Received.Single().Headers["X-Api-Key"]);
    }

    private static void AssertReceived(ReceivedCall call, string contentType, bool compactBody = false)
    {
        Assert.Equal("POST", call.Method);
        Assert.Equal("/gw/skycast-weather/v1/cities/S%C3%A3o%20Paulo%2F1/notes", call.RawPath);
        Assert.Equal("?tag=a%26b%3Dc&days=7", call.Query);
        Assert.Equal(Key, call.Headers["X-Api-Key"]);
        Assert.Equal("it's \"$HOME\" `x`", call.Headers["X-Note"]);
        Assert.StartsWith(contentType, call.Headers["Content-Type"], StringComparison.Ordinal);
        var expected = compactBody ? System.Text.Json.Nodes.JsonNode.Parse(Request.Body!)!.ToJsonString() : Request.Body;
        Assert.Equal(expected, call.Body);
    }

    /// <summary>Runs the snippet with the key in the environment (or none), failing the test on a non-zero exit or after a minute.</summary>
    private static async Task RunAsync(string program, string[] arguments, Uri? keyFromEnvironment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONPATH"] = Path.Combine(RepositoryPaths.Root, "sdk", "python");
        start.Environment.Remove(CodeSnippets.KeyVariable);
        if (keyFromEnvironment is not null)
        {
            start.Environment[CodeSnippets.KeyVariable] = Key;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await error} {await output}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private sealed record ReceivedCall(string Method, string RawPath, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Stands in for TrustVault's gateway: keeps each call as it arrived, the path as sent (still escaped), and answers 200.</summary>
    private sealed class RecordingGateway : LoopbackServer
    {
        public ConcurrentQueue<ReceivedCall> Received { get; } = new();

        protected override void Map(WebApplication app)
        {
            app.Run(async context =>
            {
                var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
                using var reader = new StreamReader(context.Request.Body);
                Received.Enqueue(new ReceivedCall(
                    context.Request.Method,
                    raw.Split('?')[0],
                    context.Request.QueryString.Value ?? "",
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                    await reader.ReadToEndAsync()));
                await context.Response.WriteAsJsonAsync(new { ok = true });
            });
        }
    }
}
