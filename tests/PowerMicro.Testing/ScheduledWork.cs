using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.Scheduling;

namespace PowerMicro.Testing;

/// <summary>
/// Positive signals from the durable scheduler: which timers a host has stored, and when a timer is done with
/// (its row deleted: sent, or dropped when cancelled; and, when it was sent, its message consumed).
/// </summary>
public static class ScheduledWork
{
    public static async Task<IReadOnlyList<ScheduledMessage>> Stored(this TestWebHost host, Func<ScheduledMessage, bool> which)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Query<ScheduledMessage>().ToListAsync()).Where(which).ToList();
    }

    /// <summary>
    /// Waits until each timer's row is gone from the host's schedule and, unless it was cancelled, until one of
    /// <paramref name="consumers"/> (default: the host) consumed the message it sent. After that no timer of these
    /// can have any effect still to come.
    /// </summary>
    public static async Task AwaitDone(this TestWebHost host, IEnumerable<ScheduledMessage> timers, params TestWebHost[] consumers)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var consumed = (consumers.Length == 0 ? [host] : consumers).Select(c => c.Consumed).ToList();
        foreach (var timer in timers)
        {
            var cancelled = timer.Cancelled;
            await Eventually.True(async () =>
            {
                await using var session = store.QuerySession();
                var row = await session.LoadAsync<ScheduledMessage>(timer.Id);
                if (row is not null) cancelled = row.Cancelled;
                return row is null;
            }, $"the timer {timer.Id} sent or dropped");
            if (!cancelled && timer.MessageId is { } messageId)
                await Eventually.True(() => consumed.Any(c => c.CountOf(messageId) > 0), $"the message of timer {timer.Id} consumed");
        }
    }
}
