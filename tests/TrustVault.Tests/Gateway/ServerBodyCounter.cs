using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TrustVault.Tests.Gateway;

/// <summary>
/// Counts, per request path, the body bytes the app has handed to the server, beneath the gateway's own body: what a
/// test waits for before it looks at what the client has (held bytes count too, though the server has not sent them).
/// </summary>
public sealed class ServerBodyCounter : IStartupFilter
{
    private readonly ConcurrentDictionary<string, long> written = new(StringComparer.Ordinal);

    /// <summary>Body bytes handed to the server so far for requests to <paramref name="path"/>.</summary>
    public long Written(string path) => written.GetValueOrDefault(path);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var path = context.Request.Path.Value ?? "";
            var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            context.Features.Set<IHttpResponseBodyFeature>(new CountingBody(server, bytes => written.AddOrUpdate(path, bytes, (_, sum) => sum + bytes)));
            return nextMiddleware(context);
        });
        next(app);
    };

    private sealed class CountingBody(IHttpResponseBodyFeature server, Action<long> count) : IHttpResponseBodyFeature
    {
        private CountingStream? stream;
        private CountingWriter? writer;

        public Stream Stream => stream ??= new CountingStream(server.Stream, count);

        public PipeWriter Writer => writer ??= new CountingWriter(server.Writer, count);

        public void DisableBuffering() => server.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

        public async Task SendFileAsync(string path, long offset, long? bytes, CancellationToken cancellationToken = default)
        {
            await server.SendFileAsync(path, offset, bytes, cancellationToken);
            count(bytes ?? new FileInfo(path).Length - offset);
        }

        public Task CompleteAsync() => server.CompleteAsync();
    }

    private sealed class CountingWriter(PipeWriter server, Action<long> count) : PipeWriter
    {
        public override void Advance(int bytes)
        {
            server.Advance(bytes);
            count(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => server.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => server.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => server.FlushAsync(cancellationToken);

        public override async ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            var result = await server.WriteAsync(source, cancellationToken);
            count(source.Length);
            return result;
        }

        public override void CancelPendingFlush() => server.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => server.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => server.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => server.CanGetUnflushedBytes;

        public override long UnflushedBytes => server.UnflushedBytes;
    }

    private sealed class CountingStream(Stream server, Action<long> count) : Stream
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

        public override void Write(byte[] buffer, int offset, int bytes) => Write(buffer.AsSpan(offset, bytes));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            server.Write(buffer);
            count(buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int bytes, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, bytes), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await server.WriteAsync(buffer, cancellationToken);
            count(buffer.Length);
        }

        public override void Flush() => server.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => server.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int bytes) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
