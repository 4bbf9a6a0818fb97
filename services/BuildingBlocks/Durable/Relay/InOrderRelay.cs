using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Logging;

namespace PowerMicro.Durable.Relay;

/// <summary>
/// A Marten subscription (run by the HotCold daemon's leader) that hands each stored event of a page to
/// <see cref="PublishAsync"/>: one stream's events one after another, in stream order, different streams in parallel.
/// A failed publish is tried again, backing off up to 5 s, until it succeeds: never skipped, since a gap would be a
/// lost event. Marten checkpoints after each page, so after a crash the page is published again (at least once).
/// </summary>
public abstract class InOrderRelay(ILogger logger) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await Task.WhenAll(page.Events.GroupBy(e => e.StreamId).Select(stream => PublishInOrderAsync(stream.ToList(), cancellationToken)));
        return NullChangeListener.Instance;
    }

    /// <summary>Publishes one stored event; false when this relay has nothing to publish for it.</summary>
    protected abstract Task<bool> PublishAsync(IEvent stored, CancellationToken cancellationToken);

    private async Task PublishInOrderAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await PublishAsync(stored, cancellationToken);
                    break;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "{Relay}: publishing {EventType} {Version} of stream {StreamId} failed (attempt {Attempt}); retrying",
                        Name, stored.EventTypeName, stored.Version, stored.StreamId, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)), cancellationToken);
                }
            }
        }
    }
}
