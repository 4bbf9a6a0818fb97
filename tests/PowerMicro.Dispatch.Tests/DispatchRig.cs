using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerMicro.Contracts;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed record Recorded(Guid OrderId, string Type, long Sequence, Guid? MessageId, object Message);

/// <summary>What the integrator-like subscriber received, in arrival order.</summary>
public sealed class RecordedEvents
{
    public ConcurrentQueue<Recorded> All { get; } = new();

    public IReadOnlyList<Recorded> Of(Guid orderId) =>
        All.Where(r => r.OrderId == orderId).DistinctBy(r => r.MessageId).ToList();

    public IReadOnlyList<T> Of<T>(Guid orderId) => Of(orderId).Select(r => r.Message).OfType<T>().ToList();
}

public sealed class Recorder(RecordedEvents events) :
    IConsumer<OrderDispatched>, IConsumer<CrewArrived>, IConsumer<OrderCompleted>, IConsumer<SlaBreached>,
    IConsumer<DeadlineSet>, IConsumer<DeadlineMet>
{
    public Task Consume(ConsumeContext<OrderDispatched> context) => Record(context);
    public Task Consume(ConsumeContext<CrewArrived> context) => Record(context);
    public Task Consume(ConsumeContext<OrderCompleted> context) => Record(context);
    public Task Consume(ConsumeContext<SlaBreached> context) => Record(context);
    public Task Consume(ConsumeContext<DeadlineSet> context) => Record(context);
    public Task Consume(ConsumeContext<DeadlineMet> context) => Record(context);

    private Task Record<T>(ConsumeContext<T> context) where T : class, IOrderEvent
    {
        events.All.Enqueue(new Recorded(context.Message.OrderId, typeof(T).Name, context.Message.Sequence, context.MessageId, context.Message));
        return Task.CompletedTask;
    }
}

/// <summary>The OrderReceived messages one dispatch instance consumed.</summary>
public sealed class HandledRepairs
{
    public ConcurrentQueue<Guid> All { get; } = new();
    public int Count => All.Count;
}

public sealed class HandledRepairsObserver(HandledRepairs handled) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is OrderReceived received) handled.All.Enqueue(received.OrderId);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

public sealed record CrewConfig(string Id, string Name, string[] Areas, int Capacity);

/// <summary>The real dispatch service (AddDispatch/MapDispatch) on a class's isolated slice, a fake clock, and a subscriber.</summary>
public static class DispatchRig
{
    public static readonly CrewConfig[] DefaultRoster =
    [
        new("urban-1", "Urban One", ["urban"], 100),
        new("rural-1", "Rural One", ["rural"], 100),
        new("remote-1", "Remote One", ["remote"], 100),
    ];

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(DateTime.UtcNow.Ticks - DateTime.UtcNow.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));

    public static Task<TestWebHost> StartDispatch(IsolatedInfrastructure infrastructure, TimeProvider clock, CrewConfig[]? roster = null)
    {
        var settings = infrastructure.Configuration();
        var crews = roster ?? DefaultRoster;
        for (var i = 0; i < crews.Length; i++)
        {
            settings[$"Dispatch:Crews:{i}:Id"] = crews[i].Id;
            settings[$"Dispatch:Crews:{i}:Name"] = crews[i].Name;
            settings[$"Dispatch:Crews:{i}:Capacity"] = crews[i].Capacity.ToString();
            for (var a = 0; a < crews[i].Areas.Length; a++) settings[$"Dispatch:Crews:{i}:Areas:{a}"] = crews[i].Areas[a];
        }
        return TestWebHost.StartAsync(settings, b =>
        {
            // The service's appsettings.json (copied to the test output) has the production roster: use only the test's.
            foreach (var json in b.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().ToList())
                b.Configuration.Sources.Remove(json);
            b.Services.AddSingleton(clock);
            b.Services.AddSingleton<HandledRepairs>();
            b.Services.AddConsumeObserver<HandledRepairsObserver>();
            b.AddDispatch();
        }, app => app.MapDispatch());
    }

    /// <summary>An integrator with its own schema and queue; also the test's publisher of intake's and callback's events.</summary>
    public static Task<TestWebHost> StartSubscriber(IsolatedInfrastructure infrastructure) =>
        DurableTestHost.StartAsync(infrastructure,
            x => x.AddConsumer<Recorder>().Endpoint(e =>
            {
                e.Name = "recorder";
                e.ConcurrentMessageLimit = 1;
            }),
            before: b => b.Services.AddSingleton<RecordedEvents>(),
            configuration: new Dictionary<string, string?> { ["EventStore:Schema"] = infrastructure.Schema + "_subscriber" });

    public static HandledRepairs Handled(this TestWebHost dispatch) => dispatch.Services.GetRequiredService<HandledRepairs>();

    public static RecordedEvents Events(this TestWebHost subscriber) => subscriber.Services.GetRequiredService<RecordedEvents>();

    public static OrderReceived Repair(DateTimeOffset at, string area = "urban", string subtype = "no-power", string tier = "C",
        int importance = 3, int priority = 3, string description = "No power since 9 am") =>
        new(Guid.NewGuid(), at, 1, "intake", "R" + Random.Shared.Next(10_000_000, 99_999_999), OrderKinds.Repair, subtype, "phone", area,
            priority, new Customer("3201000001", "Wang Li", "13800000000", tier, importance), "12 Huaihe Rd, Xuyi", description,
            null, false, null, ActivityTraceIdText());

    private static string ActivityTraceIdText() => System.Diagnostics.ActivityTraceId.CreateRandom().ToString();

    public static async Task Publish<T>(this TestWebHost subscriber, T message) where T : class =>
        await subscriber.Services.GetRequiredService<IBus>().Publish(message);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<WorkOrderView?> WorkOrder(this TestWebHost dispatch, Guid orderId)
    {
        using var response = await dispatch.Client.GetAsync($"/api/dispatch/work-orders/{orderId}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<WorkOrderView>(Json) : null;
    }

    public static Task<WorkOrderView> WorkOrderWhen(this TestWebHost dispatch, Guid orderId, Func<WorkOrderView, bool> condition, string what) =>
        Eventually.Get(async () => await dispatch.WorkOrder(orderId) is { } w && condition(w) ? w : null, what, TimeSpan.FromSeconds(30));

    /// <summary>The crew (its token says which) reports its arrival.</summary>
    public static Task<HttpResponseMessage> Arrive(this TestWebHost dispatch, Guid orderId, string crew) =>
        dispatch.ClientAs("crew", crew).PostAsJsonAsync($"/api/dispatch/work-orders/{orderId}/arrive", new { crew });

    /// <summary>The crew the work order is assigned to completes it.</summary>
    public static async Task<HttpResponseMessage> Complete(this TestWebHost dispatch, Guid orderId, string result = "restored", string? note = "fuse replaced")
    {
        var crew = (await dispatch.WorkOrder(orderId))?.Crew ?? "urban-1";
        return await dispatch.ClientAs("crew", crew).PostAsJsonAsync($"/api/dispatch/work-orders/{orderId}/complete", new { result, note });
    }

    public static async Task<T> EventuallyOne<T>(this TestWebHost subscriber, Guid orderId, Func<T, bool>? where = null) where T : class =>
        await Eventually.Get(() => Task.FromResult(subscriber.Events().Of<T>(orderId).FirstOrDefault(e => where is null || where(e))),
            $"{typeof(T).Name} of {orderId}", TimeSpan.FromSeconds(30));
}
