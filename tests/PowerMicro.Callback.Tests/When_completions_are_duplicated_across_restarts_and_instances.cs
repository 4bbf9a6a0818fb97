using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Callback.Tests;

public sealed class When_completions_are_duplicated_across_restarts_and_instances : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_completions_are_duplicated_across_restarts_and_instances(IsolatedInfrastructure infrastructure) =>
        _infrastructure = infrastructure;

    private Task<TestWebHost> StartInstance() =>
        TestWebHost.StartAsync(_infrastructure.Configuration(), b => b.AddCallback(), app => app.MapCallback());

    [Fact]
    public async Task Each_required_completion_gets_exactly_one_task_and_coverage_is_complete()
    {
        const int completions = 300;
        var orders = Enumerable.Range(0, completions).Select(_ => Guid.NewGuid()).ToArray();
        var first = await StartInstance();
        var consumedByFirst = first.Consumed;
        await using var second = await StartInstance();
        var bus = second.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        OrderCompleted Completion(Guid order) => new(order, now, 1, "dispatch", "repair", "no-power", false, "C", "restored", 1);

        // Every completion delivered twice (as a redelivery would: a second message with new id), in two waves;
        // the first instance is stopped after the first wave and started again before the second.
        await Task.WhenAll(orders.Take(completions / 2).SelectMany(o => new[] { bus.Publish(Completion(o)), bus.Publish(Completion(o)) }));
        await first.DisposeAsync();
        await Task.WhenAll(orders.Skip(completions / 2).SelectMany(o => new[] { bus.Publish(Completion(o)), bus.Publish(Completion(o)) }));
        await using var restarted = await StartInstance();

        JsonElement line = default;
        await Eventually.True(async () =>
        {
            var report = await restarted.Client.GetFromJsonAsync<JsonElement>("/api/callbacks/compliance");
            line = report.EnumerateArray().FirstOrDefault(l => l.GetProperty("subtype").GetString() == "no-power");
            return line.ValueKind == JsonValueKind.Object && line.GetProperty("completed").GetInt32() >= completions;
        }, "every completion handled", TimeSpan.FromSeconds(180));
        // Every delivery (two per order) has been handled by one instance or another.
        var wanted = orders.ToHashSet();
        await Eventually.True(() => new[] { consumedByFirst, second.Consumed, restarted.Consumed }
                .Sum(c => c.CountOf<OrderCompleted>(m => wanted.Contains(m.OrderId))) >= 2 * completions,
            "every delivery handled", TimeSpan.FromSeconds(60));
        line = (await restarted.Client.GetFromJsonAsync<JsonElement>("/api/callbacks/compliance"))
            .EnumerateArray().Single(l => l.GetProperty("subtype").GetString() == "no-power");

        Assert.Equal(completions, line.GetProperty("completed").GetInt32());
        Assert.Equal(completions, line.GetProperty("callbacksRequired").GetInt32());
        Assert.Equal(completions, line.GetProperty("callbacksCreated").GetInt32());
        var queue = await restarted.Client.GetFromJsonAsync<JsonElement>("/api/callbacks?status=open");
        Assert.Equal(completions, queue.EnumerateArray().Count(t => orders.Contains(t.GetProperty("orderId").GetGuid())));
    }
}
