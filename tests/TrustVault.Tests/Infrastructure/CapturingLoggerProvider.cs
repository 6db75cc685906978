using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TrustVault.Tests.Infrastructure;

/// <summary>Keeps every formatted log message (after its level, with its exception) so tests can look for what must not be written.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>The messages at Error level or above after the first <paramref name="skip"/>: what would page an operator.</summary>
    public IReadOnlyList<string> ErrorsAfter(int skip) =>
        [.. Messages.Skip(skip).Where(m => m.StartsWith($"{LogLevel.Error} ", StringComparison.Ordinal) || m.StartsWith($"{LogLevel.Critical} ", StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Messages);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
