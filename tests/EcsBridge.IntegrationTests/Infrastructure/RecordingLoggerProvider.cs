using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>Keeps the last lines an in-process operator logged (debug included: the client logs each write), so a
/// failing test can say what the operator was doing.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private const int Capacity = 5000;
    private readonly ConcurrentQueue<(DateTimeOffset At, string Line)> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <summary>The lines logged at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<string> Since(DateTimeOffset since) =>
        _lines.Where(l => l.At >= since).Select(l => $"{l.At:HH:mm:ss.fff} {l.Line}").ToList();

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue((DateTimeOffset.UtcNow, line));
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"{logLevel} {category.Split('.')[^1]}: {formatter(state, exception)}");
    }
}
