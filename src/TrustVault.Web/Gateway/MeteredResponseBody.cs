using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The server's response body with a count of the bytes written to it, for the call's usage event: a chunked answer,
/// which most JSON APIs send and first-party handlers write, declares no Content-Length to take its size from. Writes go
/// to the server's own writer and stream, so flushing and the synchronous-I/O rules stay the server's.
/// </summary>
internal sealed class MeteredResponseBody : IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature server;
    private readonly CountingWriter writer;
    private CountingStream? stream;

    private MeteredResponseBody(IHttpResponseBodyFeature server)
    {
        this.server = server;
        writer = new CountingWriter(server.Writer, this);
    }

    /// <summary>Body bytes written so far, headers and chunk framing not included.</summary>
    public long Bytes { get; private set; }

    public Stream Stream => stream ??= new CountingStream(server.Stream, this);

    public PipeWriter Writer => writer;

    /// <summary>Puts a metered body in place of the response's current one.</summary>
    public static MeteredResponseBody Install(HttpContext context)
    {
        var metered = new MeteredResponseBody(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
        context.Features.Set<IHttpResponseBodyFeature>(metered);
        return metered;
    }

    public void DisableBuffering() => server.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await server.SendFileAsync(path, offset, count, cancellationToken);
        Bytes += count ?? new FileInfo(path).Length - offset;
    }

    public Task CompleteAsync() => server.CompleteAsync();

    private sealed class CountingWriter(PipeWriter inner, MeteredResponseBody body) : PipeWriter
    {
        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            body.Bytes += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            body.Bytes += source.Length;
            return inner.WriteAsync(source, cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }

    private sealed class CountingStream(Stream inner, MeteredResponseBody body) : Stream
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
            inner.Write(buffer);
            body.Bytes += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            body.Bytes += buffer.Length;
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
