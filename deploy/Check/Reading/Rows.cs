namespace PowerMicro.Check.Reading;

// What the checker reads from the services' schemas: only the fields the checks need, not whole documents
// (a long-running system holds millions of events). Timestamps are PostgreSQL's clock, the same for every service.

/// <summary>A stored event of an order's stream in one service; the optional fields are those of the event's data that exist.</summary>
public sealed record StoredEvent(
    string Service, long SeqId, Guid OrderId, long Version, string Type, DateTimeOffset Timestamp,
    int? Round, string? Kind, string? Subtype, string? Need, string? Outcome, string? Reason, bool? AppointmentService);

public sealed record TimelineItem(string Type, string Service, long Sequence);

/// <summary>Intake's order view (mt_doc_orderview): its status and timeline.</summary>
public sealed record OrderViewRow(Guid OrderId, string Kind, string Status, IReadOnlyList<TimelineItem> Timeline);

public sealed record DeadlineRow(string Name, int Round, Guid TokenId, bool Met, bool Breached);

/// <summary>A work order (dispatch) or complaint case (complaint) document: status, round and deadlines.</summary>
public sealed record CaseRow(Guid OrderId, string Status, int Round, IReadOnlyList<DeadlineRow> Deadlines);

/// <summary>The callback saga of an order: open (task waiting), done, unreachable, reopened, none.</summary>
public sealed record CallbackSagaRow(Guid OrderId, string Status, int Round, Guid? DueTokenId);

/// <summary>One service's event store: its events, how far its relay has published, its pending timers, Marten's dead letters.</summary>
public sealed record ServiceStore(
    string Service, string Schema, bool Exists, IReadOnlyList<StoredEvent> Events, long RelayCheckpoint,
    IReadOnlySet<Guid> PendingTimers, long DeadLetters)
{
    public bool Relayed(StoredEvent e) => e.SeqId <= RelayCheckpoint;
}
