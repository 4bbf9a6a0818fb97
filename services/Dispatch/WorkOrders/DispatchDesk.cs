using JasperFx.Events;
using Marten;
using Npgsql;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.Crews;
using PowerMicro.Dispatch.Deadlines;
using PowerMicro.Dispatch.Guidance;
using PowerMicro.Durable.Inbox;
using PowerMicro.Durable.EventStore;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>What a crew or guidance request came to: done (with the work order), unknown order, or refused.</summary>
public abstract record DeskResult
{
    public sealed record Done(WorkOrder Order) : DeskResult;
    public sealed record NotFound : DeskResult;
    public sealed record Refused(string Reason) : DeskResult;
}

/// <summary>
/// Every change to work orders. Changes that take or free crew capacity (open, complete, guide, reopen) hold PostgreSQL
/// transaction-scoped advisory locks of the areas involved (see <see cref="LockAreas"/>) while they count crew load and
/// assign, so several dispatch instances never overbook a crew, and areas no crew shares are dispatched in parallel; each
/// stream is written with optimistic concurrency (FetchForWriting) and the work order document is updated inline in
/// the same transaction, and so are the deadline timers (scheduled and cancelled in the same session).
/// </summary>
public sealed class DispatchDesk(
    IDocumentStore store, CrewRoster roster, DeadlineTimers timers, TimeProvider clock, ILogger<DispatchDesk> logger)
{
    // ---- messages ----

    public async Task OpenRepair(OrderReceived received, Guid? messageId, CancellationToken ct)
    {
        await using var session = await OpenSession(ct);
        await LockAreas(session, AreasOfCrewsServing(received.Area), ct);
        if (!await session.TryBeginHandling(nameof(OpenRepair), messageId, clock.GetUtcNow(), ct)) return;
        var stream = await session.Events.FetchForWriting<WorkOrder>(received.OrderId, ct);
        if (stream.Aggregate is not null) return; // opened already (a repeat with another message id)

        var opened = new WorkOrderOpened(received.Number, received.Subtype, received.Area, received.Priority,
            received.Customer.Tier, received.Customer.Importance, received.Customer.AccountNo, received.Address,
            received.Description, received.OccurredAt,
            CustomerSideRule.IsCustomerSide(received.Subtype, received.Description), clock.GetUtcNow());
        stream.AppendOne(opened);
        var change = new Change(stream, WorkOrder.From(received.OrderId, opened));
        if (!opened.CustomerSide) await StartRound(session, change, received.OccurredAt, ct);
        await Commit(session, ct);
        logger.LogInformation("Work order {OrderId} opened: {Status}, crew {Crew}", received.OrderId, change.State.Status, change.State.Crew);
    }

    public async Task Reopen(OrderReopened reopened, Guid? messageId, CancellationToken ct)
    {
        await using var session = await OpenSession(ct);
        if (!await session.TryBeginHandling(nameof(Reopen), messageId, clock.GetUtcNow(), ct)) return;
        var stream = await session.Events.FetchForWriting<WorkOrder>(reopened.OrderId, ct);
        if (stream.Aggregate is not { } order)
        {
            logger.LogWarning("Reopen of unknown work order {OrderId} ignored", reopened.OrderId);
            return;
        }
        if (order.Status != WorkOrderStatus.Completed || reopened.Round < order.Round)
        {
            logger.LogInformation("Reopen (round {Round}) of work order {OrderId} in status {Status}, round {Current}: nothing to do",
                reopened.Round, reopened.OrderId, order.Status, order.Round);
            await session.SaveChangesAsync(ct); // the inbox record
            return;
        }
        await LockAreas(session, AreasOfCrewsServing(order.Area), ct);
        var change = new Change(stream, order);
        change.Append(new WorkOrderReopened(order.Round + 1, reopened.Reason, clock.GetUtcNow()));
        await StartRound(session, change, reopened.OccurredAt, ct);
        await Commit(session, ct);
    }

    /// <summary>The timer of a deadline fired: a breach if its step is still not done, else nothing.</summary>
    public async Task DeadlineDue(DeadlineDue due, CancellationToken ct)
    {
        await using var session = await OpenSession(ct);
        var stream = await session.Events.FetchForWriting<WorkOrder>(due.OrderId, ct);
        if (stream.Aggregate is not { } order) return;
        var deadline = order.Find(due.Deadline, due.Round);
        if (deadline is null || deadline.DueAt != due.DueAt || deadline.MetAt is not null || deadline.Breached) return;
        var now = clock.GetUtcNow();
        if (now < deadline.DueAt)
        {
            logger.LogWarning("Deadline timer {Deadline} of {OrderId} arrived before {DueAt} (now {Now}); ignored", due.Deadline, due.OrderId, due.DueAt, now);
            return;
        }
        new Change(stream, order).Append(Missed(deadline, now));
        await session.SaveChangesAsync(ct);
        logger.LogWarning("SLA breached: {Deadline} of work order {OrderId} was due {DueAt}", due.Deadline, due.OrderId, due.DueAt);
    }

    // ---- crew requests ----

    public async Task<DeskResult> Arrive(Guid orderId, string crew, CancellationToken ct)
    {
        await using var session = await OpenSession(ct);
        var stream = await session.Events.FetchForWriting<WorkOrder>(orderId, ct);
        if (stream.Aggregate is not { } order) return new DeskResult.NotFound();
        if (order.Status != WorkOrderStatus.Dispatched)
            return new DeskResult.Refused(order.Status switch
            {
                WorkOrderStatus.OnSite => $"The crew already arrived at {order.ArrivedAt:O}.",
                WorkOrderStatus.Completed => "The work order is completed.",
                WorkOrderStatus.Guiding => "The work order is a customer-side fault being guided; no crew is dispatched.",
                _ => "No crew is assigned to the work order yet; it is waiting for a free crew.",
            });
        if (order.Crew != crew)
            return new DeskResult.Refused($"The work order is assigned to crew '{order.Crew}', not '{crew}'.");

        var change = new Change(stream, order);
        var now = clock.GetUtcNow();
        var arrival = order.Running(ServiceLimits.Arrival);
        var onTime = arrival is null || now <= arrival.DueAt;
        if (arrival is { Breached: false } && !onTime) change.Append(Missed(arrival, now));
        var restorationDue = now + ServiceLimits.RestorationLimit(order.Area);
        var token = timers.Schedule(session, orderId, ServiceLimits.Restoration, order.Round, restorationDue);
        change.Append(new CrewArrivedOnSite(crew, order.Round, onTime, restorationDue, now));
        if (arrival is not null)
        {
            change.Append(new DeadlineKept(ServiceLimits.Arrival, order.Round, arrival.DueAt, onTime, now));
            timers.Cancel(session, arrival.TokenId);
        }
        change.Append(new DeadlineStarted(ServiceLimits.Restoration, order.Round, restorationDue, token, now));
        await Commit(session, ct);
        return new DeskResult.Done(change.State);
    }

    public async Task<DeskResult> Complete(Guid orderId, string result, string? note, string? crew, CancellationToken ct)
    {
        await using var session = await OpenSession(ct);
        var stream = await session.Events.FetchForWriting<WorkOrder>(orderId, ct);
        if (stream.Aggregate is not { } order) return new DeskResult.NotFound();
        if (order.Status != WorkOrderStatus.OnSite)
            return new DeskResult.Refused(order.Status switch
            {
                WorkOrderStatus.Completed => "The work order is completed already.",
                WorkOrderStatus.Guiding => "The work order is a customer-side fault being guided: end the guidance instead.",
                _ => "The crew has not arrived yet: arrive before completing.",
            });
        if (crew is not null && order.Crew != crew)
            return new DeskResult.Refused($"The work order is assigned to crew '{order.Crew}', not '{crew}'.");

        var change = new Change(stream, order);
        var now = clock.GetUtcNow();
        var restoration = order.Running(ServiceLimits.Restoration);
        var onTime = restoration is null || now <= restoration.DueAt;
        if (restoration is { Breached: false } && !onTime) change.Append(Missed(restoration, now));
        change.Append(new WorkCompleted(order.Crew, result, note, order.Round, order.Subtype, order.Tier, now));
        if (restoration is not null)
        {
            change.Append(new DeadlineKept(ServiceLimits.Restoration, order.Round, restoration.DueAt, onTime, now));
            timers.Cancel(session, restoration.TokenId);
        }
        if (order.Crew is { } freed && roster.Find(freed) is { } freedCrew)
        {
            await LockAreas(session, freedCrew.Areas, ct);
            await AssignWaiting(session, freedCrew, orderId, ct);
        }
        await Commit(session, ct);
        return new DeskResult.Done(change.State);
    }

    public async Task<DeskResult> EndGuidance(Guid orderId, string outcome, string? note, CancellationToken ct)
    {
        await using var session = await OpenSession(ct);
        var stream = await session.Events.FetchForWriting<WorkOrder>(orderId, ct);
        if (stream.Aggregate is not { } order) return new DeskResult.NotFound();
        if (order.Status != WorkOrderStatus.Guiding)
            return new DeskResult.Refused($"The work order is not being guided (status {order.Status}).");

        var change = new Change(stream, order);
        var now = clock.GetUtcNow();
        change.Append(new GuidanceEnded(outcome, note, now));
        if (outcome == GuidanceOutcome.SelfFixed)
            change.Append(new WorkCompleted(null, "customer-side-fault", note, order.Round, order.Subtype, order.Tier, now));
        else
        {
            await LockAreas(session, AreasOfCrewsServing(order.Area), ct);
            await StartRound(session, change, now, ct);
        }
        await Commit(session, ct);
        return new DeskResult.Done(change.State);
    }

    /// <summary>
    /// At start-up: crews with room (the roster may have grown, or capacities risen, since the orders queued) take
    /// the waiting work orders of their areas, crew by crew in name order.
    /// </summary>
    public async Task AssignWaitingToCrewsWithRoom(CancellationToken ct)
    {
        await using var session = await OpenSession(ct);
        await LockAreas(session, OrderKinds.Areas, ct);
        foreach (var crew in roster.Crews.OrderBy(c => c.Name, StringComparer.Ordinal))
            await AssignWaiting(session, crew, Guid.Empty, ct);
        await Commit(session, ct);
    }

    // ---- the steps ----

    /// <summary>Starts the arrival deadline of the work order's current round from <paramref name="from"/> and assigns a crew or queues it.</summary>
    private async Task StartRound(IDocumentSession session, Change change, DateTimeOffset from, CancellationToken ct)
    {
        var order = change.State;
        var now = clock.GetUtcNow();
        var dueAt = from + ServiceLimits.ArrivalLimit(order.Area);
        var token = timers.Schedule(session, order.Id, ServiceLimits.Arrival, order.Round, dueAt);
        change.Append(new DeadlineStarted(ServiceLimits.Arrival, order.Round, dueAt, token, now));

        var crews = roster.ServingArea(order.Area);
        var load = await OpenLoad(session, crews.Select(c => c.Id).ToArray(), order.Id, ct);
        var crew = AssignmentRule.Choose(crews, order.Area, load);
        change.Append(crew is null
            ? new WorkOrderQueued(order.Round, now)
            : new CrewAssigned(crew.Id, order.Area, dueAt, order.Round, now));
    }

    /// <summary>A crew freed up: it takes the first waiting work orders of its areas (AssignmentRule's queue order) up to its capacity.</summary>
    private async Task AssignWaiting(IDocumentSession session, Crew crew, Guid completing, CancellationToken ct)
    {
        var open = (await OpenLoad(session, [crew.Id], completing, ct)).GetValueOrDefault(crew.Id);
        var room = crew.Capacity - open;
        if (room <= 0) return;
        var areas = crew.Areas.ToArray();
        var waiting = await session.Query<WorkOrder>()
            .Where(w => w.Status == WorkOrderStatus.Waiting && areas.Contains(w.Area) && w.Id != completing)
            .OrderBy(w => w.Urgency).ThenBy(w => w.Priority).ThenBy(w => w.ReceivedAt)
            .Select(w => w.Id)
            .Take(room)
            .ToListAsync(ct);
        foreach (var id in waiting)
        {
            var stream = await session.Events.FetchForWriting<WorkOrder>(id, ct);
            if (stream.Aggregate is not { Status: WorkOrderStatus.Waiting } order) continue;
            var dueAt = order.Running(ServiceLimits.Arrival)?.DueAt ?? clock.GetUtcNow() + ServiceLimits.ArrivalLimit(order.Area);
            new Change(stream, order).Append(new CrewAssigned(crew.Id, order.Area, dueAt, order.Round, clock.GetUtcNow()));
            logger.LogInformation("Waiting work order {OrderId} assigned to freed crew {Crew}", id, crew.Id);
        }
    }

    /// <summary>Open work orders (dispatched or on site) per crew, counted in the database under the assignment lock.</summary>
    private async Task<Dictionary<string, int>> OpenLoad(IDocumentSession session, string[] crewIds, Guid excluding, CancellationToken ct)
    {
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        if (crewIds.Length == 0) return load;
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(WorkOrder), ct);
        await using var command = new NpgsqlCommand(
            $"select crew, count(*)::int from {store.Options.DatabaseSchemaName}.mt_doc_{WorkOrder.Alias} " +
            "where status = any(@open) and crew = any(@crews) and id <> @excluding group by crew", session.Connection);
        command.Parameters.AddWithValue("open", WorkOrderStatus.Open);
        command.Parameters.AddWithValue("crews", crewIds);
        command.Parameters.AddWithValue("excluding", excluding);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) load[reader.GetString(0)] = reader.GetInt32(1);
        return load;
    }

    private static DeadlineMissed Missed(DeadlineState deadline, DateTimeOffset now) =>
        new(deadline.Name, deadline.Round, deadline.DueAt, Math.Max(0, (now - deadline.DueAt).TotalSeconds), now);

    /// <summary>A traced session in an explicit transaction, so events, documents and the inbox record commit together.</summary>
    private Task<IDocumentSession> OpenSession(CancellationToken ct) => store.OpenTracedSessionAsync(ct);

    /// <summary>
    /// Takes the assignment locks of <paramref name="areas"/> until the transaction ends, in key order (no deadlock
    /// between two changes). A crew's load can change only under the locks of all its areas: assigning in an area
    /// locks every area of every crew serving it, freeing a crew locks all of that crew's areas; so two changes
    /// that could both touch one crew always share a lock and run one after the other.
    /// </summary>
    private async Task LockAreas(IDocumentSession session, IEnumerable<string> areas, CancellationToken ct)
    {
        var keys = areas.Distinct(StringComparer.Ordinal).Select(a => AssignmentLockKey(store.Options.DatabaseSchemaName, a)).Order().ToArray();
        if (keys.Length == 0) return;
        // one round trip; the select list is evaluated left to right, so the locks are taken in key order
        await using var command = new NpgsqlCommand(
            "select " + string.Join(", ", keys.Select((_, i) => $"pg_advisory_xact_lock(@k{i})")), session.Connection);
        for (var i = 0; i < keys.Length; i++) command.Parameters.AddWithValue($"k{i}", keys[i]);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The area itself and every area of the crews serving it: what assigning in <paramref name="area"/> must lock.</summary>
    private IEnumerable<string> AreasOfCrewsServing(string area) =>
        roster.ServingArea(area).SelectMany(c => c.Areas).Append(area);

    /// <summary>A stable key (the same in every instance) for the assignment lock of an area in a schema.</summary>
    private static long AssignmentLockKey(string schema, string area)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "powermicro.dispatch.assignment:" + schema + ":" + area) hash = (hash ^ c) * 1099511628211UL;
        return unchecked((long)hash);
    }

    private static Task Commit(IDocumentSession session, CancellationToken ct) => session.SaveChangesAsync(ct);

    /// <summary>A stream being written and the work order as it stands with what was appended so far.</summary>
    private sealed class Change(IEventStream<WorkOrder> stream, WorkOrder state)
    {
        // A copy: Marten's own instance of the aggregate is left as it loaded it.
        public WorkOrder State { get; } = System.Text.Json.JsonSerializer.Deserialize<WorkOrder>(
            System.Text.Json.JsonSerializer.Serialize(state))!;

        public void Append(object e)
        {
            stream.AppendOne(e);
            State.Fold(e);
        }
    }
}
