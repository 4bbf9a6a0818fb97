using System.Collections.Concurrent;
using MassTransit;

namespace PowerMicro.Testing;

/// <summary>
/// Every message a host's consumers (and sagas) finished with, handled or ignored: the positive signal that a
/// message that should change nothing has been dealt with, so a test can then assert that nothing changed
/// instead of waiting a fixed time. A message handled by two consumers of the host counts twice.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentQueue<(Guid? MessageId, object Message)> _all = new();

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        _all.Enqueue((context.MessageId, context.Message));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public int CountOf(Guid messageId) => _all.Count(m => m.MessageId == messageId);

    public int CountOf<T>(Func<T, bool> where) => _all.Select(m => m.Message).OfType<T>().Count(where);

    /// <summary>Waits until the message with this id has been consumed <paramref name="times"/> times.</summary>
    public Task Await(Guid messageId, int times = 1) =>
        Eventually.True(() => CountOf(messageId) >= times, $"message {messageId} consumed {times} time(s)");

    /// <summary>Waits until <paramref name="times"/> messages of type T that match have been consumed.</summary>
    public Task Await<T>(Func<T, bool> where, int times, string what) =>
        Eventually.True(() => CountOf(where) >= times, what);
}
