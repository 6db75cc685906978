using System.Buffers;
using System.IO.Pipelines;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The body of an upstream answer small enough to hold: written into the server's output without flushing, so the
/// client gets nothing of the answer, headers included, until the pipeline returns after the call's usage event is
/// committed. The answer keeps its Content-Length and leaves in one write, as a bare proxy would send it.
/// </summary>
internal sealed class HeldResponseBody(PipeWriter output) : Stream
{
    /// <summary>Larger answers stream through without their Content-Length instead (see <see cref="UpstreamTransformer"/>).</summary>
    public const long MaxBytes = 64 * 1024;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        output.Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        output.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    // The server flushes the whole answer when the request ends.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
