using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Callback.Tests;

public sealed class When_an_order_is_completed : IClassFixture<CallbackFixture>
{
    private readonly CallbackFixture _callback;

    public When_an_order_is_completed(CallbackFixture callback) => _callback = callback;

    [Theory]
    [InlineData("repair", "no-power", false, true)]
    [InlineData("complaint", "billing", false, true)]
    [InlineData("report", "electricity-theft", false, true)]
    [InlineData("business", "new-connection", true, true)]
    [InlineData("business", "tariff-change", false, false)]
    [InlineData("inquiry", "safety", false, false)]
    [InlineData("inquiry", "meter-reading", false, false)]
    public async Task The_callback_rule_decides_between_a_task_and_closing(string kind, string subtype, bool appointment, bool task)
    {
        var order = Guid.NewGuid();
        await _callback.Complete(order, kind, subtype, appointment: appointment);

        var state = await _callback.WaitFor(order, s => s.Round == 1, "the completion to be handled");
        var events = await _callback.Events(order);
        if (task)
        {
            Assert.Equal("open", state.Status);
            Assert.Contains(events, e => e is CallbackTaskCreated);
            Assert.Contains((await _callback.Queue()).EnumerateArray(), t => t.GetProperty("orderId").GetGuid() == order);
        }
        else
        {
            Assert.Equal("none", state.Status);
            Assert.Contains(events, e => e is OrderClosedByCallback { Reason: "no-callback-required" });
            Assert.DoesNotContain(events, e => e is CallbackTaskCreated);
        }
    }

    [Fact]
    public async Task A_duplicated_completion_makes_one_task()
    {
        var order = Guid.NewGuid();
        await Task.WhenAll(_callback.Complete(order, "repair", "no-power"), _callback.Complete(order, "repair", "no-power"),
            _callback.Complete(order, "repair", "no-power"));
        await _callback.WaitFor(order, s => s.Status == "open", "the task");
        await _callback.Host.Consumed.Await<OrderCompleted>(c => c.OrderId == order, 3, "all three completions handled");
        Assert.Single((await _callback.Events(order)).OfType<CallbackTaskCreated>());
    }

    [Theory]
    [InlineData("repair", "partial-outage")]
    [InlineData("complaint", "service-attitude")]
    public async Task Unsatisfied_reopens_and_the_redo_gets_a_new_callback_that_closes_the_order(string kind, string subtype)
    {
        var order = Guid.NewGuid();
        await _callback.Complete(order, kind, subtype);
        var first = await _callback.WaitFor(order, s => s.Status == "open", "the first task");

        using (var unsatisfied = await _callback.Attempt(first.CallbackId, "unsatisfied"))
            Assert.Equal(HttpStatusCode.Accepted, unsatisfied.StatusCode);
        await _callback.WaitFor(order, s => s.Status == "reopened", "the reopen");

        await _callback.Complete(order, kind, subtype, round: 2);
        var second = await _callback.WaitFor(order, s => s.Status == "open" && s.Round == 2, "the second task");
        Assert.NotEqual(first.CallbackId, second.CallbackId);
        using (var satisfied = await _callback.Attempt(second.CallbackId, "satisfied"))
            Assert.Equal(HttpStatusCode.Accepted, satisfied.StatusCode);
        await _callback.WaitFor(order, s => s.Status == "done", "the close");

        var events = await _callback.Events(order);
        Assert.Equal(2, events.OfType<CallbackTaskCreated>().Count());
        Assert.Single(events.OfType<OrderReopenedByCallback>());
        Assert.Contains(events, e => e is OrderClosedByCallback { Reason: "callback-done" });
        using var late = await _callback.Attempt(second.CallbackId, "satisfied");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task The_queue_puts_tier_A_first_then_the_earliest_due()
    {
        var ordinary = Guid.NewGuid();
        var vip = Guid.NewGuid();
        await _callback.Complete(ordinary, "repair", "voltage-problem", tier: "C");
        await _callback.WaitFor(ordinary, s => s.Status == "open", "the ordinary task");
        await _callback.Complete(vip, "repair", "voltage-problem", tier: "A");
        await _callback.WaitFor(vip, s => s.Status == "open", "the VIP task");

        var queue = (await _callback.Queue()).EnumerateArray().Select(t => t.GetProperty("orderId").GetGuid()).ToList();
        Assert.True(queue.IndexOf(vip) < queue.IndexOf(ordinary), "tier A is not first");
    }

    [Fact]
    public async Task Three_unreachable_attempts_close_the_order_as_unreachable()
    {
        var order = Guid.NewGuid();
        await _callback.Complete(order, "complaint", "outage");
        var task = await _callback.WaitFor(order, s => s.Status == "open", "the task");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var response = await _callback.Attempt(task.CallbackId, "unreachable");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var expected = attempt;
            await _callback.WaitFor(order, s => s.Attempts == expected, $"attempt {attempt}");
        }
        var closed = await _callback.WaitFor(order, s => s.Status == "unreachable", "closing as unreachable");
        Assert.Equal(3, closed.Attempts);
    }

    [Fact]
    public async Task An_attempt_delivered_twice_counts_once()
    {
        var order = Guid.NewGuid();
        await _callback.Complete(order, "repair", "no-power");
        var task = await _callback.WaitFor(order, s => s.Status == "open", "the task");
        var attempt = new RecordCallbackAttempt(order, task.CallbackId, "unreachable", null, "agent-1", Guid.NewGuid());
        var bus = _callback.Host.Services.GetRequiredService<MassTransit.IBus>();
        await bus.Publish(attempt);
        await bus.Publish(attempt);

        // The saga's version moves on each message it handles: both deliveries handled, one attempt counted.
        var handled = await _callback.WaitFor(order, s => s.Version >= task.Version + 2, "both deliveries handled");
        Assert.Equal(1, handled.Attempts);
        Assert.Single((await _callback.Events(order)).OfType<CallbackAttemptRecorded>());
    }

    [Theory]
    [InlineData("{\"outcome\":\"happy\"}", 400)]
    [InlineData("{}", 400)]
    [InlineData("{\"outcome\":", 400)]
    public async Task Bad_attempts_are_problems(string body, int status)
    {
        var order = Guid.NewGuid();
        await _callback.Complete(order, "repair", "no-power");
        var task = await _callback.WaitFor(order, s => s.Status == "open", "the task");
        using var response = await _callback.Host.Client.PostAsync($"/api/callbacks/{task.CallbackId}/attempts",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        using var unknown = await _callback.Attempt(Guid.NewGuid(), "satisfied");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
