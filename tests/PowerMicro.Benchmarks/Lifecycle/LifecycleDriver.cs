using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace PowerMicro.Benchmarks.Lifecycle;

/// <summary>
/// Carries each order through its whole life through the gateway, reacting to its integration events as the
/// people would: crews arrive when dispatched and complete when on site; agents contact a complainant when the
/// case opens and reply once contacted; inquiries are answered and business applications forwarded right after
/// intake; every callback is attempted (satisfied) as soon as it is scheduled, since a new task may be called at
/// once. A lifecycle ends with OrderClosed.
/// </summary>
public sealed class LifecycleDriver(GatewayApi api)
{
    private sealed class Track(PlannedOrder plan, StepRecorder step, long intended)
    {
        public PlannedOrder Plan { get; } = plan;
        public StepRecorder Step { get; } = step;
        public long Intended { get; } = intended;
        public long ReceivedAt;
        public long CompletedAt;
        private readonly HashSet<string> seen = [];
        /// <summary>True the first time this order sees <paramref name="what"/> (events may come more than once).</summary>
        public bool First(string what) { lock (seen) return seen.Add(what); }
    }

    private readonly ConcurrentDictionary<Guid, Track> open = new();
    private readonly Dictionary<Guid, List<TapEvent>> early = new();   // events that came before the 201
    private readonly object gate = new();
    private long inFlight;
    private long rejected;

    public StepRecorder Current { get; set; } = new(0);
    public int Open => open.Count;
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Takes in one order, as meant to be sent at <paramref name="intended"/> (Stopwatch ticks).</summary>
    public void Start(PlannedOrder plan, long intended) => Spawn(() => TakeIn(plan, Current, intended));

    private async Task TakeIn(PlannedOrder plan, StepRecorder step, long intended)
    {
        Interlocked.Increment(ref step.Started);
        var sent = Stopwatch.GetTimestamp();
        var (status, body) = await api.PostAsync("agent", "/api/orders", plan.Body(DateTimeOffset.UtcNow));
        var answered = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref step.Answered);
        step.Count("POST orders", status);
        if (status != 201)
        {
            Interlocked.Increment(ref rejected);
            Interlocked.Increment(ref step.Failed);
            return;
        }
        step.Record(step.Intake, intended, answered);
        step.Record(step.IntakeService, sent, answered);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid();
        var track = new Track(plan, step, intended) { ReceivedAt = answered };
        List<TapEvent>? before;
        lock (gate)
        {
            open[id] = track;
            early.Remove(id, out before);
        }
        if (plan.Kind is "inquiry" or "business")
            await Complete(track, "answer", "agent", $"/api/orders/{id}/answer", """{"answer":"benchmark answer"}""");
        foreach (var e in before ?? []) Handle(track, e);
    }

    public Task OnEvent(TapEvent e)
    {
        Track? track;
        lock (gate)
        {
            if (!open.TryGetValue(e.OrderId, out track))
            {
                if (!early.TryGetValue(e.OrderId, out var list)) early[e.OrderId] = list = [];
                list.Add(e);
                return Task.CompletedTask;
            }
        }
        Handle(track, e);
        return Task.CompletedTask;
    }

    private void Handle(Track t, TapEvent e)
    {
        var now = Stopwatch.GetTimestamp();
        var id = e.OrderId;
        var m = e.Message;
        switch (e.Name)
        {
            case "OrderDispatched" when t.First("dispatched"):
                t.Step.Record(t.Step.ReceiptToDispatched, t.ReceivedAt, now);
                var crew = m.GetProperty("crew").GetString();
                Spawn(() => api.StepAsync(t.Step, "arrive", GatewayApi.CrewRole(crew!), $"/api/dispatch/work-orders/{id}/arrive", Json(new { crew })));
                break;
            case "CrewArrived" when t.First("arrived"):
                var by = m.GetProperty("crew").GetString();
                Spawn(() => Complete(t, "complete", GatewayApi.CrewRole(by!), $"/api/dispatch/work-orders/{id}/complete", Json(new { result = "restored", note = "benchmark", crew = by })));
                break;
            case "ComplaintOpened" when t.First("opened"):
                Spawn(() => api.StepAsync(t.Step, "contact", "agent", $"/api/complaints/{id}/contact", "{}"));
                break;
            case "ComplaintContacted" when t.First("contacted"):
                Spawn(() => Complete(t, "reply", "agent", $"/api/complaints/{id}/reply", """{"reply":"benchmark reply"}"""));
                break;
            case "CallbackScheduled" when t.First("callback"):
                if (Interlocked.Read(ref t.CompletedAt) is var done and > 0) t.Step.Record(t.Step.CompletionToCallback, done, now);
                var callbackId = m.GetProperty("callbackId").GetGuid();
                Spawn(() => api.StepAsync(t.Step, "attempt", "agent", $"/api/callbacks/{callbackId}/attempts", """{"outcome":"satisfied","note":"benchmark"}"""));
                break;
            case "SlaBreached":
                Interlocked.Increment(ref t.Step.Breaches);
                break;
            case "OrderReopened":
                Interlocked.Increment(ref t.Step.Reopened);
                break;
            case "OrderClosed" when t.First("closed"):
                t.Step.Record(t.Step.Lifecycle, t.Intended, now);
                Interlocked.Increment(ref t.Step.ClosedOwn);
                Interlocked.Increment(ref Current.Closed);
                open.TryRemove(id, out _);
                break;
        }
    }

    /// <summary>A completing step: its answer time is when completion → CallbackScheduled starts.</summary>
    private async Task Complete(Track t, string route, string role, string path, string json)
    {
        if (await api.StepAsync(t.Step, route, role, path, json))
            Interlocked.CompareExchange(ref t.CompletedAt, Stopwatch.GetTimestamp(), 0);
    }

    /// <summary>Open lifecycles by kind (for the report on what did not finish).</summary>
    public Dictionary<string, int> OpenByKind() =>
        open.Values.GroupBy(t => t.Plan.Kind).ToDictionary(g => g.Key, g => g.Count());

    public async Task WaitForRequestsAsync()
    {
        while (Interlocked.Read(ref inFlight) > 0) await Task.Delay(50);
    }

    public void ForgetEarlyEvents() { lock (gate) early.Clear(); }

    private void Spawn(Func<Task> work)
    {
        Interlocked.Increment(ref inFlight);
        _ = Task.Run(async () =>
        {
            try { await work(); }
            finally { Interlocked.Decrement(ref inFlight); }
        });
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
