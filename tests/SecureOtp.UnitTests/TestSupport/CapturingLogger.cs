using Microsoft.Extensions.Logging;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>Keeps every formatted log line, so tests can assert what was (and was not) written.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<(EventId Id, LogLevel Level, string Message)> entries = [];

    public IReadOnlyList<(EventId Id, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (gate)
        {
            entries.Add((eventId, logLevel, formatter(state, exception)));
        }
    }
}
