using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Callback.Tests;

public sealed class When_a_callback_is_not_made_in_time : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_callback_is_not_made_in_time(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task The_due_time_passing_records_one_breach_and_a_task_done_in_time_none()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestWebHost.StartAsync(_infrastructure.Configuration(),
            b => { b.Services.AddSingleton<TimeProvider>(clock); b.AddCallback(); }, app => app.MapCallback());
        var bus = host.Services.GetRequiredService<IBus>();
        var late = Guid.NewGuid();
        var onTime = Guid.NewGuid();
        foreach (var order in new[] { late, onTime })
            await bus.Publish(new OrderCompleted(order, clock.GetUtcNow(), 1, "complaint", "complaint", "billing", false, "A", "replied", 1));

        var rig = new Probe(host);
        var task = await rig.WaitFor(onTime, s => s.Status == "open");
        await rig.WaitFor(late, s => s.Status == "open");
        var timers = await Eventually.Get(async () =>
        {
            var stored = await host.Stored(m => Mentions(m, late) || Mentions(m, onTime));
            return stored.Any(m => Mentions(m, late)) && stored.Any(m => Mentions(m, onTime)) ? stored : null;
        }, "both due-time timers stored (before either is done)");
        using (var done = await host.Client.PostAsync($"/api/callbacks/{task.CallbackId}/attempts",
                   new StringContent("{\"outcome\":\"satisfied\"}", System.Text.Encoding.UTF8, "application/json")))
            done.EnsureSuccessStatusCode();
        await rig.WaitFor(onTime, s => s.Status == "done");
        // The task done in time cancels its timer: the row becomes a cancel marker (read now, before the clock passes
        // the marker's own expiry and the scheduler removes it, when a missing row would look like a sent timer).
        timers = await Eventually.Get(async () =>
        {
            var stored = await host.Stored(m => m.Cancelled || Mentions(m, late));
            return stored.Any(m => m.Cancelled && timers.Any(t => t.Id == m.Id && Mentions(t, onTime))) ? stored : null;
        }, "the timer of the task done in time cancelled");

        clock.Advance(TimeSpan.FromHours(25));
        await Eventually.True(async () => (await rig.Events(late)).OfType<CallbackOverdue>().Any(), "the breach of the late callback");
        await host.AwaitDone(timers); // each timer sent and consumed, or (cancelled) dropped
        Assert.Single((await rig.Events(late)).OfType<CallbackOverdue>());
        Assert.Empty((await rig.Events(onTime)).OfType<CallbackOverdue>());
    }

    private static bool Mentions(Durable.Scheduling.ScheduledMessage timer, Guid order) =>
        (timer.Payload ?? timer.Body).Contains(order.ToString(), StringComparison.OrdinalIgnoreCase);

    private sealed class Probe(TestWebHost host)
    {
        public async Task<CallbackState> WaitFor(Guid order, Func<CallbackState, bool> condition) =>
            await Eventually.Get(async () =>
            {
                await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
                return await session.LoadAsync<CallbackState>(order) is { } s && condition(s) ? s : null;
            }, "the callback state");

        public async Task<List<object>> Events(Guid order)
        {
            await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            return (await session.Events.FetchStreamAsync(order)).Select(e => e.Data).ToList();
        }
    }
}
