using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TrustVault.Web.Gateway;

namespace TrustVault.Tests.Gateway;

/// <summary>What leaves for the client when, for answers written through the stream or the writer, as handlers and the forwarder write them.</summary>
public sealed class GatewayResponseBodyTests
{
    private readonly MemoryStream sent = new();
    private readonly DefaultHttpContext context = new();
    private readonly GatewayResponseBody body;

    public GatewayResponseBodyTests()
    {
        // The server's body: what its writer holds reaches the client at a flush; its stream sends at once.
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(sent));
        body = GatewayResponseBody.Install(context);
    }

    [Fact]
    public async Task An_answer_of_declared_length_is_held_whatever_its_writer_flushes_until_the_server_completes_it()
    {
        context.Response.ContentLength = 1000;

        await context.Response.Body.WriteAsync(new byte[600]);
        await context.Response.Body.FlushAsync();
        await context.Response.BodyWriter.WriteAsync(new byte[400]);
        await context.Response.BodyWriter.FlushAsync();

        Assert.Equal(0, sent.Length);
        Assert.Equal(1000, body.Bytes);
        await context.Response.CompleteAsync();
        Assert.Equal(1000, sent.Length);
        Assert.Equal(1000, context.Response.ContentLength);
    }

    [Fact]
    public async Task A_longer_answer_loses_its_content_length_and_streams()
    {
        context.Response.ContentLength = GatewayResponseBody.MaxHeldBytes + 1;

        await context.Response.Body.WriteAsync(new byte[1000]);

        Assert.Null(context.Response.ContentLength);
        Assert.Equal(1000, sent.Length);
        Assert.Equal(1000, body.Bytes);
    }

    [Fact]
    public async Task A_chunked_answer_streams_as_written_and_is_counted()
    {
        context.Response.BodyWriter.GetSpan(300)[..300].Fill(7);
        context.Response.BodyWriter.Advance(300);
        await context.Response.BodyWriter.FlushAsync();
        await context.Response.Body.WriteAsync(new byte[200]);

        Assert.Equal(500, sent.Length);
        Assert.Equal(500, body.Bytes);
    }
}
