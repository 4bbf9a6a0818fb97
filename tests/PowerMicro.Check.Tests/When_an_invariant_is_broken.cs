using System.Diagnostics;
using System.Text.Json;
using PowerMicro.Check.Checks;
using PowerMicro.Check.Running;

namespace PowerMicro.Check.Tests;

/// <summary>
/// Each invariant broken on purpose, on a running system: by the system itself where it can break it today (a
/// business appointment reopened by an unsatisfied callback), otherwise by changing what a fault would have changed
/// in the stores (a lost or duplicated event, a removed timer, a parked message). The checker, run with no settle
/// time, reports each with the order's id.
/// </summary>
public sealed class When_an_invariant_is_broken(SystemRig rig) : IClassFixture<SystemRig>
{
    private static readonly TimeSpan NoSettle = TimeSpan.Zero;

    private static Finding Reported(CheckRun run, string check, Guid? orderId, string text)
    {
        var found = run.Violations.FirstOrDefault(v => v.Check == check && v.OrderId == orderId && v.Message.Contains(text));
        Assert.True(found is not null,
            $"No {check} violation for {orderId} containing '{text}'. Violations:\n" + string.Join("\n", run.Violations.Select(v => v.Key)));
        return found!;
    }

    private async Task<Guid> CompletedRepairWithItsTask()
    {
        var order = await rig.Take("repair", "partial-outage");
        await rig.Repair(order);
        await rig.CallbackTask(order);
        return order;
    }

    [Fact]
    public async Task A_completion_that_never_reached_the_callback_saga_is_reported()
    {
        var order = await CompletedRepairWithItsTask();
        await rig.Forget("callback", order, "mt_doc_callbackstate");

        var run = await rig.Check(NoSettle);

        Reported(run, "callback-per-completion", order, "completion 1 (dispatch) never reached the callback saga");
    }

    [Fact]
    public async Task A_second_callback_task_for_one_completion_is_reported()
    {
        var order = await CompletedRepairWithItsTask();
        await rig.Duplicate("callback", order, "callback_task_created");

        var run = await rig.Check(NoSettle);

        Reported(run, "callback-per-completion", order, "has 2 callback tasks, not one");
    }

    [Fact]
    public async Task A_message_in_an_error_queue_is_reported_with_its_order()
    {
        var order = await rig.Take("inquiry", "safety");
        // What MassTransit leaves in an error queue when the order view's consumer gives up on an event.
        var envelope = JsonSerializer.Serialize(new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { "urn:message:PowerMicro.Contracts:OrderDispatched", "urn:message:PowerMicro.Contracts:IOrderEvent" },
            message = new { orderId = order, occurredAt = DateTimeOffset.UtcNow, sequence = 3, source = "dispatch", crew = "urban-1" },
        });
        await rig.Park("intake-order-view_error", envelope, new()
        {
            ["MT-Fault-ExceptionType"] = "Npgsql.NpgsqlException",
            ["MT-Fault-Message"] = "Failed to connect to 127.0.0.1:5433",
            ["MT-Reason"] = "fault",
        });

        var run = await rig.Check(NoSettle);

        var finding = Reported(run, "error-queues", order, "intake-order-view_error: PowerMicro.Contracts:OrderDispatched");
        Assert.Contains("Npgsql.NpgsqlException: Failed to connect", finding.Message);
    }

    [Fact]
    public async Task A_timeline_missing_an_event_is_reported()
    {
        var order = await rig.Take("complaint", "billing");
        // Received, ComplaintOpened and both deadlines set: nothing more happens to the order until someone acts.
        await rig.ViewWhen(order, v => v.GetProperty("timeline").GetArrayLength() == 4, "the opened complaint on the order's timeline");
        var view = rig.SchemaOf("intake");
        await rig.Sql($$"""
                       update {{view}}.mt_doc_orderview set data = jsonb_set(data, '{Timeline}',
                           (select jsonb_agg(t) from jsonb_array_elements(data->'Timeline') t where t->>'Type' <> 'ComplaintOpened'))
                       where id = @id
                       """, ("id", order));

        var run = await rig.Check(NoSettle);

        Reported(run, "timeline-exact", order, "the timeline misses ComplaintOpened (complaint #1)");
    }

    [Fact]
    public async Task A_business_appointment_reopened_by_an_unsatisfied_callback_is_reported_stuck()
    {
        var order = await ReopenedBusinessAppointment();

        var run = await rig.Check(NoSettle);

        Reported(run, "no-stuck-orders", order, "reopened by an unsatisfied callback for round 2");
    }

    [Fact]
    public async Task A_repair_that_never_reached_dispatch_is_reported()
    {
        var order = await rig.Take("repair", "voltage-problem");
        await rig.ViewWhen(order, v => v.GetProperty("status").GetString() == "dispatched", "the repair dispatched");
        await rig.Forget("dispatch", order, "mt_doc_work_order");

        var run = await rig.Check(NoSettle);

        Reported(run, "reached-service", order, "the repair has no dispatch work order");
    }

    [Fact]
    public async Task What_is_missing_for_less_than_the_settle_time_is_in_flight_not_a_violation()
    {
        var order = await rig.Take("repair", "meter-fault");
        await rig.ViewWhen(order, v => v.GetProperty("status").GetString() == "dispatched", "the repair dispatched");
        await rig.Forget("dispatch", order, "mt_doc_work_order");

        var run = await rig.Check(settle: TimeSpan.FromMinutes(10));

        Assert.DoesNotContain(run.Violations, v => v.OrderId == order && v.Check == "reached-service");
        Assert.Contains(run.InFlight, f => f.OrderId == order && f.Check == "reached-service" && f.Message.Contains("has no dispatch work order"));
    }

    [Fact]
    public async Task A_running_deadline_without_its_timer_is_reported()
    {
        var order = await rig.Take("complaint", "construction");
        // Relayed and on the timeline: what is missing afterwards is not in flight.
        await rig.ViewWhen(order, v => v.GetProperty("timeline").GetArrayLength() == 4, "the opened complaint on the order's timeline");
        var complaint = rig.SchemaOf("complaint");
        var contactTimer = $"""
                            select (d->>'TokenId')::uuid from {complaint}.mt_doc_complaintcase c, jsonb_array_elements(c.data->'Deadlines') d
                            where c.id = @id and d->>'Name' = 'contact'
                            """;
        await Testing.Eventually.True(async () =>
                await rig.Sql($"select count(*) from {complaint}.mt_doc_scheduled_message where id = ({contactTimer})", ("id", order)) is 1L,
            "the contact deadline's timer stored");
        await rig.Sql($"delete from {complaint}.mt_doc_scheduled_message where id = ({contactTimer})", ("id", order));

        var run = await rig.Check(NoSettle);

        Reported(run, "no-stuck-orders", order, "the case's contact deadline (round 1) has no timer");
    }

    [Fact]
    public async Task A_sample_off_one_in_five_is_reported_with_the_first_order_of_the_window()
    {
        var callback = rig.SchemaOf("callback");
        var throttle = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            await throttle.WaitAsync();
            try
            {
                await rig.Answer(await rig.Take("inquiry", "outage-info"));
            }
            finally
            {
                throttle.Release();
            }
        }));
        const string completions = "from {0}.mt_events where type = 'completion_recorded' and data->>'Subtype' = 'outage-info'";
        await Testing.Eventually.True(async () => await rig.Sql($"select count(*) {string.Format(completions, callback)}") is 100L,
            "100 outage-info completions counted by the callback saga", TimeSpan.FromSeconds(120));

        var exact = await rig.Check(NoSettle);
        Assert.DoesNotContain(exact.Violations, v => v.Check == "sampling-windows");
        Assert.Contains("outage-info: 100 completions, 20 sampled, 1 windows", exact.Results.Single(r => r.Name == "sampling-windows").Notes);

        await rig.Sql($"update {callback}.mt_events set data = jsonb_set(data, '{{Need}}', '\"None\"') " +
                      $"where type = 'completion_recorded' and data->>'Subtype' = 'outage-info' and data->>'Need' = 'Sampled'");
        var first = (Guid)(await rig.Sql($"select stream_id {string.Format(completions, callback)} order by seq_id limit 1"))!;

        var run = await rig.Check(NoSettle);

        Reported(run, "sampling-windows", first, "outage-info: completions 1-100");
    }

    [Fact]
    public async Task A_compliance_report_that_differs_from_the_streams_is_reported()
    {
        var order = await rig.Take("report", "other");
        await rig.Contact(order);
        await rig.Reply(order);
        await rig.CallbackTask(order);
        await rig.ViewWhen(order, v => v.GetProperty("callback").GetProperty("status").GetString() == "scheduled", "the task on the order");
        // A completion counted twice: the report (computed from the callback streams) counts it twice.
        await rig.Duplicate("callback", order, "completion_recorded");

        var run = await rig.Check(NoSettle);

        Reported(run, "callback-per-completion", order, "recorded completion 1 (complaint) 2 times");
        Reported(run, "compliance-report", null, "report/other: completed 2 in the report, 1 in the streams");
    }

    [Fact]
    public async Task Deploy_check_sh_prints_the_violation_with_its_order_ends_with_the_counts_and_exits_1()
    {
        var order = await ReopenedBusinessAppointment();

        // deploy/check.sh itself, on the checker this build made (--no-build), pointed at the test's system.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "PowerMicro.sln"))) root = root.Parent!;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root.FullName };
        foreach (var argument in new[] { "deploy/check.sh", "--no-build" }.Concat(rig.CheckArguments("0s"))) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}\n{output}\n{errors}");
        Assert.Contains($"VIOLATION no-stuck-orders {order}: reopened by an unsatisfied callback", output);
        var last = output.TrimEnd().Split('\n').Last();
        Assert.Matches(@"^\d+ checked, [1-9]\d* violations$", last);
        Assert.DoesNotContain("13800000000", output);
    }

    private async Task<Guid> ReopenedBusinessAppointment()
    {
        var order = await rig.Take("business", "capacity-increase", DateTimeOffset.UtcNow.AddDays(5));
        await rig.Answer(order);
        await rig.Attempt(await rig.CallbackTask(order), "unsatisfied");
        await rig.ViewWhen(order, v => v.GetProperty("status").GetString() == "reopened", "the appointment reopened");
        return order;
    }
}
