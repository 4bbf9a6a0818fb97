using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Testing;
using PowerMicro.Testing.Processes;

namespace PowerMicro.EndToEnd.Tests.Rig;

/// <summary>
/// The public API through the gateway only, as the people using it call it: an agent takes, answers, contacts,
/// replies and calls back; a supervisor reads work orders and cases; a crew (its token carrying its crew id)
/// arrives and completes its own work orders. Every refusal fails the scenario with the problem it returned.
/// </summary>
public sealed class Api : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly RunningSystem _system;
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _crews = new();

    private Api(RunningSystem system, HttpClient agent, HttpClient supervisor)
    {
        _system = system;
        Agent = agent;
        Supervisor = supervisor;
    }

    public HttpClient Agent { get; }
    public HttpClient Supervisor { get; }

    public static async Task<Api> ConnectAsync(RunningSystem system) =>
        new(system, await system.ClientAsAsync("agent", "e2e-agent"), await system.ClientAsAsync("supervisor", "e2e-supervisor"));

    public Task<HttpClient> Crew(string crew) =>
        _crews.GetOrAdd(crew, c => new Lazy<Task<HttpClient>>(() => _system.ClientAsAsync("crew", $"e2e-{c}", c))).Value;

    // ---- orders (intake) ----

    /// <summary>
    /// Takes an order in, as a front end does: with an Idempotency-Key, sent again while the gateway answers 502–504
    /// (a freshly started system on a loaded machine can take longer than the gateway's 30 s for its first orders).
    /// </summary>
    public async Task<Guid> TakeAsync(string kind, string subtype, string area = "urban", string? account = null, string tier = "C",
        string description = "Taken in by the end-to-end tests", DateTimeOffset? appointmentAt = null)
    {
        var body = new
        {
            kind, subtype, channel = "phone", area,
            customer = new { accountNo = account ?? Accounts.Next(), name = "Wang Li", phone = "13800000000", tier, importance = 3 },
            address = "12 Huaihe Rd, Xuyi", description, appointmentAt,
        };
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await Agent.SendAsync(request);
            if ((int)response.StatusCode is 429 or 502 or 503 or 504 && attempt < 10)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"taking a {kind} {subtype}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetGuid();
        }
    }

    public Task<JsonElement> AnswerAsync(Guid orderId) =>
        OkAsync(() => Agent.PostAsJsonAsync($"/api/orders/{orderId}/answer", new { answer = "Answered on the phone." }), $"answering {orderId}");

    public async Task<JsonElement?> OrderAsync(Guid orderId) => await GetAsync(Supervisor, $"/api/orders/{orderId}");

    public async Task<JsonElement> OrderWhenAsync(Guid orderId, Func<JsonElement, bool> condition, string what) =>
        (await Eventually.Get(async () => await OrderAsync(orderId) is { } o && condition(o) ? (JsonElement?)o : null,
            $"order {orderId}: {what}", Patience))!.Value;

    public Task<JsonElement> ClosedAsync(Guid orderId) =>
        OrderWhenAsync(orderId, o => o.GetProperty("status").GetString() == "closed", "closed");

    // ---- repairs (dispatch) ----

    public async Task<JsonElement> WorkOrderWhenAsync(Guid orderId, string status) =>
        (await Eventually.Get(async () =>
                await GetAsync(Supervisor, $"/api/dispatch/work-orders/{orderId}") is { } w && w.GetProperty("status").GetString() == status ? (JsonElement?)w : null,
            $"work order {orderId} {status}", Patience))!.Value;

    /// <summary>Waits for the crew dispatched to the work order and returns its id.</summary>
    public async Task<string> DispatchedCrewAsync(Guid orderId) =>
        (await WorkOrderWhenAsync(orderId, "dispatched")).GetProperty("crew").GetString()!;

    public async Task<JsonElement> ArriveAsync(Guid orderId, string crew) =>
        await OkAsync(async () => await (await Crew(crew)).PostAsJsonAsync($"/api/dispatch/work-orders/{orderId}/arrive", new { crew }), $"crew {crew} arriving at {orderId}");

    public async Task<JsonElement> CompleteAsync(Guid orderId, string crew, string result = "restored") =>
        await OkAsync(async () => await (await Crew(crew)).PostAsJsonAsync($"/api/dispatch/work-orders/{orderId}/complete",
            new { result, note = "Replaced the fuse." }), $"crew {crew} completing {orderId}");

    public Task<JsonElement> GuideAsync(Guid orderId, string outcome) =>
        OkAsync(() => Agent.PostAsJsonAsync($"/api/dispatch/work-orders/{orderId}/guide", new { outcome, note = "Talked through the breaker." }),
            $"guiding {orderId} ({outcome})");

    /// <summary>Dispatched, arrived, completed: one round of a repair; returns the crew.</summary>
    public async Task<string> RepairAsync(Guid orderId)
    {
        var crew = await DispatchedCrewAsync(orderId);
        await ArriveAsync(orderId, crew);
        await CompleteAsync(orderId, crew);
        return crew;
    }

    // ---- complaints and reports ----

    public async Task<JsonElement> CaseWhenAsync(Guid orderId, Func<JsonElement, bool> condition, string what) =>
        (await Eventually.Get(async () =>
                await GetAsync(Agent, $"/api/complaints/{orderId}") is { } c && condition(c) ? (JsonElement?)c : null,
            $"case {orderId}: {what}", Patience))!.Value;

    public Task<JsonElement> CaseWhenAsync(Guid orderId, string status) =>
        CaseWhenAsync(orderId, c => c.GetProperty("status").GetString() == status, status);

    public async Task ContactAsync(Guid orderId)
    {
        await CaseWhenAsync(orderId, "received");
        await OkAsync(() => Agent.PostAsJsonAsync($"/api/complaints/{orderId}/contact", new { }), $"contacting {orderId}");
    }

    public Task<JsonElement> ReplyAsync(Guid orderId, bool? verified = null) =>
        OkAsync(() => Agent.PostAsJsonAsync($"/api/complaints/{orderId}/reply",
            verified is null ? new { reply = "We looked into it and fixed it." } : (object)new { reply = "We checked the meter.", verified }),
            $"replying to {orderId}");

    // ---- callbacks ----

    /// <summary>The order's callback task that may be called now (status=due), other than <paramref name="not"/>.</summary>
    public async Task<Guid> DueCallbackAsync(Guid orderId, Guid? not = null, int attempts = 0)
    {
        var task = await Eventually.Get(async () =>
        {
            var due = await GetAsync(Agent, "/api/callbacks?status=due");
            return due?.EnumerateArray()
                .Where(t => t.GetProperty("orderId").GetGuid() == orderId && t.GetProperty("callbackId").GetGuid() != not
                            && t.GetProperty("attempts").GetInt32() == attempts)
                .Select(t => (Guid?)t.GetProperty("callbackId").GetGuid()).FirstOrDefault();
        }, $"a callback of order {orderId} due for attempt {attempts + 1}", Patience);
        return task!.Value;
    }

    public Task<JsonElement> AttemptAsync(Guid callbackId, string outcome) =>
        OkAsync(() => Agent.PostAsJsonAsync($"/api/callbacks/{callbackId}/attempts", new { outcome, note = "Called back." }), $"a {outcome} callback");

    /// <summary>Calls the order back with the outcome and waits until it is closed.</summary>
    public async Task<JsonElement> CallBackAndCloseAsync(Guid orderId, string outcome = "satisfied")
    {
        await AttemptAsync(await DueCallbackAsync(orderId), outcome);
        return await ClosedAsync(orderId);
    }

    // ---- plumbing ----

    /// <summary>
    /// The resource, or null while it is not there yet (404) or its service is not ready (503): callers poll.
    /// A 429 is waited out as its Retry-After says (the scenarios poll hard, all as one supervisor and one agent,
    /// and the gateway limits each client); any other refusal fails with what was answered.
    /// </summary>
    public static async Task<JsonElement?> GetAsync(HttpClient client, string path)
    {
        using var response = await SendAsync(() => client.GetAsync(path), retryUnavailable: false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable) return null;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Sends until the answer is not 503 and not 429 (each changed nothing and says when to retry); anything else is the answer.</summary>
    private static async Task<JsonElement> OkAsync(Func<Task<HttpResponseMessage>> send, string what)
    {
        using var response = await SendAsync(send, retryUnavailable: true);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>How many answers were 429 (the gateway's per-client limit) and waited out, over all scenarios.</summary>
    public static int Throttled => _throttled;
    private static int _throttled;

    private static async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, bool retryUnavailable)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await send();
            var retry = response.StatusCode == HttpStatusCode.TooManyRequests
                        || (retryUnavailable && response.StatusCode == HttpStatusCode.ServiceUnavailable);
            if (!retry || DateTime.UtcNow >= until) return response;
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Interlocked.Increment(ref _throttled);
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    public void Dispose()
    {
        Agent.Dispose();
        Supervisor.Dispose();
        foreach (var crew in _crews.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully)) crew.Value.Result.Dispose();
    }
}

/// <summary>Account numbers (10 digits) no other scenario uses, so repeats are counted only where a scenario means them.</summary>
public static class Accounts
{
    private static int _next = Random.Shared.Next(0, 1_000_000);
    public static string Next() => $"39{Interlocked.Increment(ref _next) % 100_000_000:D8}";
}
