using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>An integration event as a subscriber received it.</summary>
public sealed record Received(Guid? MessageId, IOrderEvent Message);

/// <summary>Everything the integrator host received.</summary>
public sealed class Inbox
{
    public ConcurrentQueue<Received> All { get; } = new();

    /// <summary>Distinct events (by message id: the relay may deliver one twice) of type T for an order.</summary>
    public IReadOnlyList<T> Of<T>(Guid orderId) where T : IOrderEvent =>
        All.Where(r => r.Message is T && r.Message.OrderId == orderId).DistinctBy(r => r.MessageId).Select(r => (T)r.Message).ToList();
}

/// <summary>An integrator binding its own queue to the complaint service's events.</summary>
public sealed class Recorder(Inbox inbox) :
    IConsumer<ComplaintOpened>, IConsumer<ComplaintContacted>, IConsumer<ComplaintEscalated>, IConsumer<ReporterRewardDue>,
    IConsumer<OrderCompleted>, IConsumer<SlaBreached>, IConsumer<DeadlineSet>, IConsumer<DeadlineMet>
{
    private Task Keep(ConsumeContext context, IOrderEvent message)
    {
        inbox.All.Enqueue(new Received(context.MessageId, message));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ComplaintOpened> context) => Keep(context, context.Message);
    public Task Consume(ConsumeContext<ComplaintContacted> context) => Keep(context, context.Message);
    public Task Consume(ConsumeContext<ComplaintEscalated> context) => Keep(context, context.Message);
    public Task Consume(ConsumeContext<ReporterRewardDue> context) => Keep(context, context.Message);
    public Task Consume(ConsumeContext<OrderCompleted> context) => Keep(context, context.Message);
    public Task Consume(ConsumeContext<SlaBreached> context) => Keep(context, context.Message);
    public Task Consume(ConsumeContext<DeadlineSet> context) => Keep(context, context.Message);
    public Task Consume(ConsumeContext<DeadlineMet> context) => Keep(context, context.Message);
}

public sealed record DeadlineDto(string Name, int Round, DateTimeOffset DueAt, DateTimeOffset? MetAt, bool? OnTime, bool Breached);
public sealed record CustomerDto(string AccountNo, string Name, string Tier);
public sealed record CaseDto(
    Guid OrderId, string Number, string Kind, string Subtype, string Status, int Round, CustomerDto Customer,
    DateTimeOffset ReceivedAt, DateTimeOffset? NextDueAt, DateTimeOffset? ContactedAt, DateTimeOffset? RepliedAt, string? Reply,
    bool? Verified, bool RewardDue, bool Repeat, int MatterCount, bool Supervised, List<string> SupervisionReasons,
    List<DeadlineDto> Deadlines)
{
    public DeadlineDto Deadline(string name, int round = 1) => Deadlines.Single(d => d.Name == name && d.Round == round);
}

public static class ComplaintRig
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The real complaint service (AddComplaint/MapComplaint) on the class's slice, on a fake clock.</summary>
    public static Task<TestWebHost> StartService(IsolatedInfrastructure infrastructure, FakeTimeProvider clock,
        IDictionary<string, string?>? configuration = null)
    {
        var settings = infrastructure.Configuration();
        settings["ConnectionStrings:Postgres"] = Pooled(infrastructure, 20);
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>()) settings[key] = value;
        return TestWebHost.StartAsync(settings, b =>
        {
            b.Services.AddSingleton<TimeProvider>(clock);
            b.AddComplaint();
        }, app => app.MapComplaint());
    }

    /// <summary>An integrator: its own schema and queue, recording every complaint-related event.</summary>
    public static Task<TestWebHost> StartSubscriber(IsolatedInfrastructure infrastructure) =>
        DurableTestHost.StartAsync(infrastructure,
            x => x.AddConsumer<Recorder>().Endpoint(e => e.Name = "integrator"),
            before: b => b.Services.AddSingleton<Inbox>(),
            configuration: new Dictionary<string, string?>
            {
                ["EventStore:Schema"] = infrastructure.Schema + "_subscriber",
                ["ConnectionStrings:Postgres"] = Pooled(infrastructure, 10),
            });

    /// <summary>
    /// The class's connection string with a bounded pool: every test project runs its hosts in parallel on one
    /// PostgreSQL, so each host takes no more than it needs (a busy host waits for a pooled connection).
    /// </summary>
    public static string Pooled(IsolatedInfrastructure infrastructure, int size) =>
        new Npgsql.NpgsqlConnectionStringBuilder(infrastructure.Postgres) { MaxPoolSize = size }.ConnectionString;

    public static Inbox Events(this TestWebHost subscriber) => subscriber.Services.GetRequiredService<Inbox>();

    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);

    public static OrderReceived Order(string kind = OrderKinds.Complaint, string subtype = "service-attitude", string tier = "C",
        string? account = null, DateTimeOffset? receivedAt = null, Guid? orderId = null) => new(
        orderId ?? Guid.NewGuid(), receivedAt ?? DateTimeOffset.UtcNow, 1, "intake",
        "T" + Random.Shared.Next(100000, 999999), kind, subtype, "phone", "urban", 3,
        new Customer(account ?? Random.Shared.NextInt64(3200000000, 3299999999).ToString(), "Wang Li", "13800000000", tier, 3),
        "12 Huaihe Rd", "Rude staff at the counter", null, false, null, "00000000000000000000000000000000");

    /// <summary>Publishes the order as intake would and waits until the complaint service opened its case.</summary>
    public static async Task<CaseDto> Receive(this TestWebHost service, OrderReceived order)
    {
        await service.Services.GetRequiredService<IBus>().Publish(order);
        return await Eventually.Get(() => service.Case(order.OrderId), $"the case of order {order.OrderId}");
    }

    public static async Task<CaseDto?> Case(this TestWebHost service, Guid orderId)
    {
        using var response = await service.Client.GetAsync($"/api/complaints/{orderId}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<CaseDto>(Json);
    }

    public static async Task<CaseDto> Contact(this TestWebHost service, Guid orderId)
    {
        using var response = await service.Client.PostAsync($"/api/complaints/{orderId}/contact", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseDto>(Json))!;
    }

    public static async Task<CaseDto> Reply(this TestWebHost service, Guid orderId, string reply = "We apologised and retrained the staff.", bool? verified = null)
    {
        using var response = await service.Client.PostAsJsonAsync($"/api/complaints/{orderId}/reply",
            verified is null ? new { reply } : (object)new { reply, verified });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseDto>(Json))!;
    }

    /// <summary>Waits until the case satisfies the condition (the consumers and timers are asynchronous).</summary>
    public static Task<CaseDto> CaseWhen(this TestWebHost service, Guid orderId, Func<CaseDto, bool> condition, string what,
        TimeSpan? within = null) =>
        Eventually.Get(async () => await service.Case(orderId) is { } c && condition(c) ? c : null, what, within);
}
