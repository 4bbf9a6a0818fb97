using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.Scheduling;

namespace PowerMicro.Testing;

/// <summary>
/// Positive signals from the durable scheduler: which timers a host has stored, and when a timer is done with
/// (cancelled, or sent and its message consumed).
/// </summary>
public static class ScheduledWork
{
    public static async Task<IReadOnlyList<ScheduledMessage>> Stored(this TestWebHost host, Func<ScheduledMessage, bool> which)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Query<ScheduledMessage>().ToListAsync()).Where(which).ToList();
    }

    /// <summary>
    /// Waits until the scheduler is done with each timer: cancelled (its row is a cancel marker, which is never sent),
    /// or sent (its row deleted in the same transaction) and its message consumed by one of <paramref name="consumers"/>
    /// (default: the host). After that none of these timers can have an effect still to come.
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
                return row is null || row.Cancelled;
            }, $"the timer {timer.Id} cancelled or sent");
            if (!cancelled && timer.MessageId is { } messageId)
                await Eventually.True(() => consumed.Any(c => c.CountOf(messageId) > 0), $"the message of timer {timer.Id} consumed");
        }
    }
}
