namespace TrustVault.Core.Egress;

/// <summary>A write-only buffer that keeps the first <c>capacity</c> bytes and drops the rest, so a huge answer cannot fill the server's memory.</summary>
public sealed class CappedStream(int capacity) : Stream
{
    private readonly MemoryStream kept = new();

    /// <summary>More bytes were written than kept.</summary>
    public bool Truncated { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => kept.Length;

    public override long Position
    {
        get => kept.Length;
        set => throw new NotSupportedException();
    }

    public byte[] ToArray() => kept.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var room = (int)Math.Max(0, capacity - kept.Length);
        if (buffer.Length > room)
        {
            Truncated = true;
        }

        kept.Write(buffer[..Math.Min(room, buffer.Length)]);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            kept.Dispose();
        }

        base.Dispose(disposing);
    }
}
