using System.Text.Json;
using PowerMicro.EndToEnd.Tests.Rig;
using Xunit.Abstractions;

namespace PowerMicro.EndToEnd.Tests.Lifecycles;

/// <summary>
/// Every kind of order from taking in to closing, through the gateway only, happy and unhappy; each scenario ends
/// with the checker green. The same scenarios run against one instance of each service and against two.
/// </summary>
public abstract class Lifecycles<TSystem>(TSystem system, ITestOutputHelper output) where TSystem : EndToEndSystem
{
    protected Scenario Start([System.Runtime.CompilerServices.CallerMemberName] string name = "") => new(system, output, name);
    private Api Api => system.Api;

    /// <summary>
    /// All scenarios at once on the class's system (xunit runs a class's facts one after another; the system is slow
    /// to start and mostly waits on messages): each ends with its own figures and the checker; every failure is
    /// reported with its scenario's name.
    /// </summary>
    [Fact]
    public async Task Every_lifecycle_runs_its_course_and_the_checker_finds_nothing()
    {
        var scenarios = new (string Name, Func<Task> Run)[]
        {
            (nameof(Repairs_are_dispatched_attended_completed_called_back_and_closed_once_each), Repairs_are_dispatched_attended_completed_called_back_and_closed_once_each),
            (nameof(A_customer_side_fault_is_guided_first_then_dispatched_or_fixed_by_the_customer), A_customer_side_fault_is_guided_first_then_dispatched_or_fixed_by_the_customer),
            (nameof(An_appointment_service_is_called_back_and_a_business_application_without_one_closes_at_once), An_appointment_service_is_called_back_and_a_business_application_without_one_closes_at_once),
            (nameof(Complaints_are_contacted_replied_called_back_and_the_third_on_one_matter_is_supervised), Complaints_are_contacted_replied_called_back_and_the_third_on_one_matter_is_supervised),
            (nameof(A_verified_theft_report_earns_the_reporter_a_reward_and_is_called_back), A_verified_theft_report_earns_the_reporter_a_reward_and_is_called_back),
            (nameof(Exactly_one_in_five_sampled_inquiries_is_called_back_and_other_inquiries_close_at_once), Exactly_one_in_five_sampled_inquiries_is_called_back_and_other_inquiries_close_at_once),
            (nameof(An_unsatisfied_customer_reopens_the_order_and_the_redo_is_called_back_again), An_unsatisfied_customer_reopens_the_order_and_the_redo_is_called_back_again),
            (nameof(A_customer_unreachable_three_times_closes_the_callback_as_unreachable), A_customer_unreachable_three_times_closes_the_callback_as_unreachable),
        };
        var failures = await Task.WhenAll(scenarios.Select(async scenario =>
        {
            try
            {
                await scenario.Run();
                return null;
            }
            catch (Exception e)
            {
                return $"{scenario.Name}: {e}";
            }
        }));
        Assert.True(failures.All(f => f is null), string.Join("\n\n", failures.Where(f => f is not null)));
    }

    private static int Count(JsonElement order, string type) => Scenario.Steps(order, type).Count;

    /// <summary>
    /// Waits until each step is in the order's timeline exactly once. With two intake instances the view may show
    /// "closed" a moment before an earlier step of another service is applied; a step seen twice never becomes once,
    /// and the checker's timeline-exact check at the scenario's end counts every step against its source stream.
    /// </summary>
    private Task<JsonElement> ExactlyOnce(JsonElement order, params string[] types) =>
        Holds(order, o => types.All(t => Count(o, t) == 1), $"{string.Join(", ", types)} once each");

    private Task<JsonElement> Holds(JsonElement order, Func<JsonElement, bool> condition, string what) =>
        Api.OrderWhenAsync(order.GetProperty("orderId").GetGuid(), condition, what);

    public async Task Repairs_are_dispatched_attended_completed_called_back_and_closed_once_each()
    {
        var scenario = Start();
        var areas = new[] { "urban", "urban", "urban", "rural", "remote", "urban" };
        var closed = await Task.WhenAll(areas.Select(async area =>
        {
            var order = await scenario.TakeAsync("repair", "no-power", area);
            await Api.RepairAsync(order);
            return await Api.CallBackAndCloseAsync(order);
        }));

        foreach (var order in closed)
        {
            await ExactlyOnce(order, "OrderReceived", "OrderDispatched", "CrewArrived", "OrderCompleted", "CallbackScheduled", "CallbackAttempted", "OrderClosed");
            Assert.Equal("done", order.GetProperty("callback").GetProperty("status").GetString());
        }
        var figures = await scenario.EndAsync();
        Assert.Equal(areas.Length, figures.Callbacks);
    }

    public async Task A_customer_side_fault_is_guided_first_then_dispatched_or_fixed_by_the_customer()
    {
        var scenario = Start();
        const string inside = "The breaker tripped (跳闸) inside the house";
        var dispatched = await scenario.TakeAsync("repair", "meter-fault", description: inside);
        var selfFixed = await scenario.TakeAsync("repair", "other", description: inside);
        await Api.WorkOrderWhenAsync(dispatched, "guiding");
        await Api.WorkOrderWhenAsync(selfFixed, "guiding");

        await Api.GuideAsync(dispatched, "dispatch");
        await Api.RepairAsync(dispatched);
        await Api.GuideAsync(selfFixed, "self-fixed");

        var afterCrew = await Api.CallBackAndCloseAsync(dispatched);
        var afterGuidance = await Api.CallBackAndCloseAsync(selfFixed, "basically-satisfied");
        await ExactlyOnce(afterCrew, "OrderDispatched", "CrewArrived", "OrderCompleted", "CallbackScheduled", "OrderClosed");
        await ExactlyOnce(afterGuidance, "OrderCompleted", "CallbackScheduled", "OrderClosed");
        Assert.Equal(0, Count(afterGuidance, "OrderDispatched"));
        await scenario.EndAsync();
    }

    public async Task An_appointment_service_is_called_back_and_a_business_application_without_one_closes_at_once()
    {
        var scenario = Start();
        var appointment = await scenario.TakeAsync("business", "meter-relocation", appointmentAt: DateTimeOffset.UtcNow.AddDays(3));
        var plain = await scenario.TakeAsync("business", "new-connection");
        await Api.AnswerAsync(appointment);
        await Api.AnswerAsync(plain);

        var calledBack = await Api.CallBackAndCloseAsync(appointment);
        var forwarded = await Api.ClosedAsync(plain);
        await ExactlyOnce(calledBack, "OrderCompleted", "CallbackScheduled", "OrderClosed");
        Assert.Equal(0, Count(forwarded, "CallbackScheduled"));
        Assert.Equal("not-required", forwarded.GetProperty("callback").GetProperty("status").GetString());
        await scenario.EndAsync();
    }

    public async Task Complaints_are_contacted_replied_called_back_and_the_third_on_one_matter_is_supervised()
    {
        var scenario = Start();
        var account = Accounts.Next();
        var cases = new List<JsonElement>();
        for (var n = 1; n <= 3; n++)
        {
            var order = await scenario.TakeAsync("complaint", "service-attitude", account: account);
            await Api.ContactAsync(order);
            await Api.ReplyAsync(order);
            cases.Add(await Api.CaseWhenAsync(order, "replied"));
            var closed = await Api.CallBackAndCloseAsync(order);
            await ExactlyOnce(closed, "OrderCompleted", "CallbackScheduled", "OrderClosed");
        }

        Assert.Equal([1, 2, 3], cases.Select(c => c.GetProperty("matterCount").GetInt32()));
        Assert.Equal([false, true, true], cases.Select(c => c.GetProperty("repeat").GetBoolean()));
        Assert.Equal([false, false, true], cases.Select(c => c.GetProperty("supervised").GetBoolean()));
        await scenario.EndAsync();
    }

    public async Task A_verified_theft_report_earns_the_reporter_a_reward_and_is_called_back()
    {
        var scenario = Start();
        var theft = await scenario.TakeAsync("report", "electricity-theft");
        var misconduct = await scenario.TakeAsync("report", "misconduct");
        await Api.ContactAsync(theft);
        await Api.ContactAsync(misconduct);
        await Api.ReplyAsync(theft, verified: true);
        await Api.ReplyAsync(misconduct);

        Assert.True((await Api.CaseWhenAsync(theft, "replied")).GetProperty("rewardDue").GetBoolean());
        Assert.False((await Api.CaseWhenAsync(misconduct, "replied")).GetProperty("rewardDue").GetBoolean());
        await ExactlyOnce(await Api.CallBackAndCloseAsync(theft), "CallbackScheduled", "OrderClosed");
        await ExactlyOnce(await Api.CallBackAndCloseAsync(misconduct), "CallbackScheduled", "OrderClosed");
        await scenario.EndAsync();
    }

    public async Task Exactly_one_in_five_sampled_inquiries_is_called_back_and_other_inquiries_close_at_once()
    {
        var scenario = Start();
        const int answered = 10;
        var sampled = await Task.WhenAll(Enumerable.Range(0, answered).Select(async _ =>
        {
            var order = await scenario.TakeAsync("inquiry", "outage-info");
            await Api.AnswerAsync(order);
            return await Api.OrderWhenAsync(order, o => o.GetProperty("status").GetString() == "closed"
                                                        || o.GetProperty("callback").GetProperty("status").GetString() == "scheduled",
                "closed, or called back");
        }));
        var safety = await scenario.TakeAsync("inquiry", "safety");
        await Api.AnswerAsync(safety);

        var picked = sampled.Where(o => o.GetProperty("status").GetString() != "closed").ToList();
        Assert.Equal(answered / 5, picked.Count);
        foreach (var order in picked) await ExactlyOnce(await Api.CallBackAndCloseAsync(order.GetProperty("orderId").GetGuid()), "CallbackScheduled");
        Assert.Equal(0, Count(await Api.ClosedAsync(safety), "CallbackScheduled"));
        var figures = await scenario.EndAsync();
        Assert.Equal(answered / 5, figures.Callbacks);
    }

    public async Task An_unsatisfied_customer_reopens_the_order_and_the_redo_is_called_back_again()
    {
        var scenario = Start();
        var repair = Task.Run(async () =>
        {
            var order = await scenario.TakeAsync("repair", "partial-outage");
            await Api.RepairAsync(order);
            var first = await Api.DueCallbackAsync(order);
            await Api.AttemptAsync(first, "unsatisfied");
            await Api.RepairAsync(order); // dispatched again as the next round
            await Api.AttemptAsync(await Api.DueCallbackAsync(order, not: first), "satisfied");
            return await Api.ClosedAsync(order);
        });
        var complaint = Task.Run(async () =>
        {
            var order = await scenario.TakeAsync("complaint", "billing");
            await Api.ContactAsync(order);
            await Api.ReplyAsync(order);
            var first = await Api.DueCallbackAsync(order);
            await Api.AttemptAsync(first, "unsatisfied");
            await Api.CaseWhenAsync(order, "reopened");
            await Api.ReplyAsync(order);
            await Api.AttemptAsync(await Api.DueCallbackAsync(order, not: first), "satisfied");
            return await Api.ClosedAsync(order);
        });

        foreach (var order in await Task.WhenAll(repair, complaint))
        {
            var settled = await Holds(order, o => Count(o, "OrderCompleted") == 2 && Count(o, "CallbackScheduled") == 2, "two completions, two callbacks");
            await ExactlyOnce(settled, "OrderReopened", "OrderClosed");
        }
        await Holds(await repair, o => Count(o, "OrderDispatched") == 2, "dispatched twice");
        await scenario.EndAsync();
    }

    public async Task A_customer_unreachable_three_times_closes_the_callback_as_unreachable()
    {
        var scenario = Start();
        var order = await scenario.TakeAsync("repair", "voltage-problem");
        await Api.RepairAsync(order);
        for (var attempt = 0; attempt < 3; attempt++)
            await Api.AttemptAsync(await Api.DueCallbackAsync(order, attempts: attempt), "unreachable");

        var closed = await Holds(await Api.ClosedAsync(order), o => Count(o, "CallbackAttempted") == 3, "three attempts");
        Assert.Equal("unreachable", closed.GetProperty("callback").GetProperty("status").GetString());
        await ExactlyOnce(closed, "CallbackScheduled", "OrderClosed");
        await scenario.EndAsync();
    }
}

public sealed class When_one_instance_of_each_service_runs(OneInstanceOfEach system, ITestOutputHelper output)
    : Lifecycles<OneInstanceOfEach>(system, output), IClassFixture<OneInstanceOfEach>;

public sealed class When_two_instances_of_each_service_run(TwoInstancesOfEach system, ITestOutputHelper output)
    : Lifecycles<TwoInstancesOfEach>(system, output), IClassFixture<TwoInstancesOfEach>;
