using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PowerMicro.Durable.EventStore;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Sessions;

/// <summary>
/// Marten's failed commands in the service's log (<see cref="MartenFailureLogger"/>): a conflict between two
/// writers is routine (two instances on one order) and stays out of the error log; a real failure is an Error;
/// neither shows a parameter value (a customer's phone number may be one).
/// </summary>
public sealed class When_marten_reports_a_failed_command : IClassFixture<IsolatedInfrastructure>
{
    private const string Phone = "13912345678";
    private readonly IsolatedInfrastructure _infrastructure;

    public When_marten_reports_a_failed_command(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task A_conflict_is_debug_a_real_failure_is_an_error_and_no_parameter_value_is_logged()
    {
        var log = new CapturedLog();
        // Added after the service defaults (which replace the providers): the event store's callback runs after them.
        await using var host = await DurableTestHost.StartAsync(_infrastructure, _ => { },
            eventStore: marten => marten.Services.AddSingleton<ILoggerProvider>(log)
                .AddLogging(logging => logging.AddFilter<CapturedLog>("Marten", LogLevel.Debug)));
        var store = host.Services.GetRequiredService<IDocumentStore>();
        Assert.IsType<MartenFailureLogger>(store.Options.Logger());
        IReadOnlyList<Entry> Marten(LogLevel atLeast) => log.Entries.Where(e => e.Category == "Marten.IDocumentStore" && e.Level >= atLeast).ToList();

        var stream = Guid.NewGuid();
        await using (var first = await store.OpenTracedSessionAsync())
        {
            first.Events.StartStream(stream, new Noted(Phone));
            await first.SaveChangesAsync();
        }
        await using (var late = await store.OpenTracedSessionAsync())
        {
            late.Events.StartStream(stream, new Noted(Phone)); // a second writer starting the same order's stream
            await Assert.ThrowsAnyAsync<Exception>(() => late.SaveChangesAsync());
        }
        Assert.Contains(Marten(LogLevel.Debug), e => e.Level == LogLevel.Debug && e.Message.Contains("concurrent writer", StringComparison.Ordinal));
        Assert.Empty(Marten(LogLevel.Warning));

        await using (var failing = await store.OpenTracedSessionAsync())
        {
            failing.QueueSqlCommand("insert into no_such_table values (?)", Phone);
            await Assert.ThrowsAnyAsync<Exception>(() => failing.SaveChangesAsync());
        }
        var errors = Marten(LogLevel.Warning);
        Assert.Contains(errors, e => e.Level == LogLevel.Error && e.Message.Contains("no_such_table", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal(LogLevel.Error, e.Level));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(Phone, StringComparison.Ordinal));
    }

    private sealed record Entry(string Category, LogLevel Level, string Message);

    private sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}
