using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;
using RabbitMQ.Client;

namespace PowerMicro.Intake.Tests;

/// <summary>
/// The feed and the stream survive a restart of intake: a cursor taken before resumes after it with exactly the
/// events committed since, and an order's sequence continues (2, 3 …) instead of starting again.
/// </summary>
public sealed class When_intake_restarts_while_an_integrator_catches_up : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_intake_restarts_while_an_integrator_catches_up(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task The_cursor_resumes_and_the_sequence_continues()
    {
        Guid order;
        long cursor;
        await using (var first = await IntakeHost.StartAsync(_infrastructure))
        {
            var empty = await FeedAsync(first, "after=0");
            Assert.Equal(0, empty.GetProperty("events").GetArrayLength());
            using var created = await first.Post(IntakeHost.Order().ToJsonString());
            order = (await created.Json()).GetProperty("orderId").GetGuid();
            var page = await Eventually.Get(async () =>
            {
                var p = await FeedAsync(first, "after=0");
                return p.GetProperty("events").GetArrayLength() == 1 ? (JsonElement?)p : null;
            }, "OrderReceived in the feed");
            cursor = page!.Value.GetProperty("cursor").GetInt64();
        }

        var factory = new ConnectionFactory { Uri = new Uri(_infrastructure.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, "powermicro.events", "repair.*");

        await using var second = await IntakeHost.StartAsync(_infrastructure);
        var now = DateTimeOffset.UtcNow;
        await second.Services.GetRequiredService<IBus>().Publish(
            new OrderDispatched(order, now, 1, "dispatch", "crew-urban-1", "urban", now.AddMinutes(45), 1));

        var resumed = await Eventually.Get(async () =>
        {
            var p = await FeedAsync(second, $"after={cursor}");
            return p.GetProperty("events").GetArrayLength() >= 1 ? (JsonElement?)p : null;
        }, "the dispatch after the restart in the feed");
        var events = resumed!.Value.GetProperty("events").EnumerateArray().ToList();
        var dispatched = Assert.Single(events);
        Assert.Equal("cn.powermicro.order-dispatched.v1", dispatched.GetProperty("type").GetString());
        Assert.Equal(2, dispatched.GetProperty("sequence").GetInt32());

        // OrderReceived may come again (published before the restart, checkpointed after): at least once.
        var delivered = await Eventually.Get(async () =>
        {
            while (await channel.BasicGetAsync(queue, autoAck: true) is { } d)
            {
                var e = JsonDocument.Parse(d.Body).RootElement.Clone();
                if (e.GetProperty("type").GetString() == "cn.powermicro.order-dispatched.v1") return e;
            }
            return (JsonElement?)null;
        }, "the dispatch on the integrator's queue");
        Assert.Equal(dispatched.GetProperty("id").GetString(), delivered!.Value.GetProperty("id").GetString());
        Assert.Equal(2, delivered.Value.GetProperty("sequence").GetInt32());
    }

    private static async Task<JsonElement> FeedAsync(TestWebHost host, string query)
    {
        using var response = await host.Client.GetAsync($"/api/events?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }
}
