using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The body of every gateway answer, forwarded or first-party, for two reasons. The usage event needs its size, which a
/// chunked answer (most JSON APIs', the first-party handlers' and the problems') does not declare. And the client must not
/// hold a complete answer before the call's usage event is durable: an answer that declares a Content-Length of up to
/// <see cref="MaxHeldBytes"/> is held in the server's output, unflushed, until the pipeline returns after the commit, and
/// leaves in one write as a bare proxy sends it; a longer one loses its Content-Length and streams (chunked, or on HTTP/2
/// ended by the stream), and a chunked one streams as written, so their end is sent only when the pipeline returns.
/// Whatever is not held goes through the server's own writer and stream, which keep their flushing and I/O rules.
/// </summary>
internal sealed class GatewayResponseBody : IHttpResponseBodyFeature
{
    public const long MaxHeldBytes = 64 * 1024;

    private readonly HttpResponse response;
    private readonly IHttpResponseBodyFeature server;
    private readonly BodyWriter writer;
    private BodyStream? stream;
    private bool? hold;
    private long written;

    private GatewayResponseBody(HttpResponse response, IHttpResponseBodyFeature server)
    {
        this.response = response;
        this.server = server;
        writer = new BodyWriter(this);
    }

    /// <summary>Body bytes sent so far, headers and chunk framing not included; none for HEAD, whose body the server drops.</summary>
    public long Bytes => HttpMethods.IsHead(response.HttpContext.Request.Method) ? 0 : written;

    public Stream Stream => stream ??= new BodyStream(this);

    public PipeWriter Writer => writer;

    /// <summary>Puts the gateway's body in place of the server's for the rest of the call.</summary>
    public static GatewayResponseBody Install(HttpContext context)
    {
        var body = new GatewayResponseBody(context.Response, context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
        context.Features.Set<IHttpResponseBodyFeature>(body);
        return body;
    }

    public void DisableBuffering() => server.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await server.SendFileAsync(path, offset, count, cancellationToken);
        written += count ?? new FileInfo(path).Length - offset;
    }

    public Task CompleteAsync() => server.CompleteAsync();

    /// <summary>Decided at the first write, when the answer's headers are set and not yet sent.</summary>
    private bool Hold => hold ??= HoldsAnswer();

    private bool HoldsAnswer()
    {
        if (response.ContentLength is not { } length)
        {
            return false;
        }

        if (length <= MaxHeldBytes)
        {
            return true;
        }

        if (!response.HasStarted)
        {
            response.ContentLength = null;
        }

        return false;
    }

    private sealed class BodyWriter(GatewayResponseBody body) : PipeWriter
    {
        private PipeWriter Server => body.server.Writer;

        public override void Advance(int bytes)
        {
            Server.Advance(bytes);
            body.written += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            _ = body.Hold;
            return Server.GetMemory(sizeHint);
        }

        public override Span<byte> GetSpan(int sizeHint = 0)
        {
            _ = body.Hold;
            return Server.GetSpan(sizeHint);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
            body.Hold ? ValueTask.FromResult(new FlushResult(false, false)) : Server.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            body.written += source.Length;
            if (body.Hold)
            {
                Server.Write(source.Span);
                return ValueTask.FromResult(new FlushResult(false, false));
            }

            return Server.WriteAsync(source, cancellationToken);
        }

        public override void CancelPendingFlush() => Server.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => Server.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => Server.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => Server.CanGetUnflushedBytes;

        public override long UnflushedBytes => Server.UnflushedBytes;
    }

    private sealed class BodyStream(GatewayResponseBody body) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (body.Hold)
            {
                body.server.Writer.Write(buffer);
            }
            else
            {
                body.server.Stream.Write(buffer);
            }

            body.written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            body.written += buffer.Length;
            if (body.Hold)
            {
                body.server.Writer.Write(buffer.Span);
                return ValueTask.CompletedTask;
            }

            return body.server.Stream.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
            if (!body.Hold)
            {
                body.server.Stream.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            body.Hold ? Task.CompletedTask : body.server.Stream.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
