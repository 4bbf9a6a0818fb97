using PowerMicro.Check.Reading;

namespace PowerMicro.Check.Checks;

/// <summary>
/// Every service's relay has published every event it should (its checkpoint is past them), and Marten's daemon
/// has dead-lettered none: a stored event that is never published is a step no other service hears of.
/// </summary>
public sealed class RelaysCaughtUp : ICheck
{
    public CheckResult Run(CheckContext context)
    {
        var result = new CheckResult("relays-caught-up", "relays");
        foreach (var store in context.Snapshot.Stores.Values.Where(s => s.Exists))
        {
            result.Checked++;
            var behind = store.Events.Where(e => !store.Relayed(e) && EventCatalog.PublishedAs(store.Service, e.Type) is not null).ToList();
            if (behind.Count > 0)
            {
                var oldest = behind[0];
                // No count in the message: a stuck relay gives the same finding in both passes, a moving one does not.
                var message = $"{store.Service}'s relay is behind: the oldest unpublished event was stored {oldest.Timestamp:O}";
                if (oldest.Timestamp > context.SettledBefore) result.InFlight(oldest.OrderId, message);
                else result.Violation(oldest.OrderId, message);
            }
            if (store.DeadLetters > 0)
                result.Violation(null, $"{store.Service}: Marten's daemon dead-lettered {store.DeadLetters} events (mt_doc_deadletterevent)");
        }
        return result;
    }
}
