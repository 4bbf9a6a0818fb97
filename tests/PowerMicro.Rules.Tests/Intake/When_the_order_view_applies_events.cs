using CsCheck;
using PowerMicro.Contracts;
using PowerMicro.Intake.OrderView;

namespace PowerMicro.Rules.Tests.Intake;

/// <summary>The order view (GET /api/orders/{id}) folded from typed events, in any order of arrival.</summary>
public sealed class When_the_order_view_applies_events
{
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static OrderReceived Received(string kind, string subtype, DateTimeOffset? appointmentAt = null) => new(
        Id, T0, 1, "intake", "20261129000001", kind, subtype, "phone", "urban", 3,
        new Customer("1234567890", "王伟", "13800000000", "C", 3), "1 Grid Road", "text", appointmentAt, appointmentAt is not null,
        null, "trace");

    private static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    /// <summary>A repair's whole life, as dispatch and callback publish it (each service numbering its own events).</summary>
    private static IOrderEvent[] RepairLife() =>
    [
        new DeadlineSet(Id, At(1), 1, "dispatch", "arrival", At(45)),
        new OrderDispatched(Id, At(1), 2, "dispatch", "urban-1", "urban", At(45), 1),
        new CrewArrived(Id, At(30), 3, "dispatch", "urban-1", true, At(210)),
        new DeadlineMet(Id, At(30), 4, "dispatch", "arrival", At(30), true),
        new OrderCompleted(Id, At(90), 6, "dispatch", "repair", "no-power", false, "C", "repaired", 1),
        new DeadlineMet(Id, At(90), 7, "dispatch", "restoration", At(90), true),
        new CallbackScheduled(Id, At(91), 1, "callback", Guid.Empty, At(91 + 24 * 60), false, 1),
        new CallbackAttempted(Id, At(120), 2, "callback", Guid.Empty, "satisfied", 1, null),
        new OrderClosed(Id, At(120), 3, "callback", "callback-done"),
    ];

    private static string Summary(OrderView view) =>
        $"{view.Status} callback {view.Callback.Required}/{view.Callback.Status} supervised {view.Supervised} " +
        string.Join(' ', view.Deadlines.Select(d => $"{d.Name}:{d.DueAt:HH:mm}:{d.MetAt:HH:mm}:{d.Breached}")) +
        " | " + string.Join(' ', view.Timeline.Select(t => $"{t.Service}.{t.Sequence}.{t.Type}"));

    [Fact]
    public void A_repair_goes_from_received_through_each_step_to_closed()
    {
        var view = OrderViewProjector.Create(Received("repair", "no-power"));
        Assert.Equal("received", view.Status);
        Assert.Equal((true, "pending"), (view.Callback.Required, view.Callback.Status));
        var statuses = RepairLife().Select(e => { OrderViewProjector.Apply(view, e); return view.Status; }).ToList();
        Assert.Equal(["received", "dispatched", "on-site", "on-site", "completed", "completed", "completed", "completed", "closed"], statuses);
        Assert.Equal("done", view.Callback.Status);
        Assert.Equal("arrival:08:45:08:30:False restoration:11:30:09:30:False",
            string.Join(' ', view.Deadlines.Select(d => $"{d.Name}:{d.DueAt:HH:mm}:{d.MetAt:HH:mm}:{d.Breached}")));
        Assert.Equal("urban-1", GetOrderEndpoints.AssignedCrew(view));
    }

    [Fact]
    public void The_events_of_different_services_give_the_same_view_in_any_order_and_repeated() =>
        Gen.Int.Array[RepairLife().Length * 2].Sample(keys =>
        {
            var inOrder = OrderViewProjector.Create(Received("repair", "no-power"));
            foreach (var e in RepairLife()) OrderViewProjector.Apply(inOrder, e);

            // Every event twice (a redelivery), in an order drawn by the keys.
            var shuffled = RepairLife().Concat(RepairLife()).Zip(keys).OrderBy(p => p.Second).Select(p => p.First);
            var anyOrder = OrderViewProjector.Create(Received("repair", "no-power"));
            foreach (var e in shuffled) OrderViewProjector.Apply(anyOrder, e);

            Assert.Equal(Summary(inOrder), Summary(anyOrder));
        });

    [Fact]
    public void An_event_already_applied_changes_nothing()
    {
        var view = OrderViewProjector.Create(Received("repair", "no-power"));
        var dispatched = RepairLife()[1];
        Assert.True(OrderViewProjector.Apply(view, dispatched));
        Assert.False(OrderViewProjector.Apply(view, dispatched));
        Assert.Equal(2, view.Timeline.Count);
    }

    [Fact]
    public void A_complaint_in_contact_is_in_progress_and_a_breach_puts_it_under_supervision()
    {
        var view = OrderViewProjector.Create(Received("complaint", "billing"));
        OrderViewProjector.Apply(view, new ComplaintOpened(Id, At(1), 1, "complaint", "complaint", "billing", "C", false, 1));
        OrderViewProjector.Apply(view, new DeadlineSet(Id, At(1), 2, "complaint", "contact", At(24 * 60)));
        OrderViewProjector.Apply(view, new ComplaintContacted(Id, At(60), 3, "complaint", "agent", true));
        Assert.Equal("in-progress", view.Status);
        OrderViewProjector.Apply(view, new SlaBreached(Id, At(25 * 60), 4, "complaint", "reply", At(24 * 60), 3600));
        Assert.True(view.Supervised);
        Assert.Contains(view.Deadlines, d => d is { Name: "reply", Breached: true });
    }

    [Theory]
    [InlineData("inquiry", "bill", false, false, "pending")]
    [InlineData("inquiry", "safety", false, false, "not-required")]
    [InlineData("business", "suspension", false, false, "not-required")]
    [InlineData("business", "suspension", true, true, "pending")]
    [InlineData("complaint", "outage", false, true, "pending")]
    public void The_callback_expected_at_receipt_follows_the_catalog(string kind, string subtype, bool appointment, bool required, string status)
    {
        var view = OrderViewProjector.Create(Received(kind, subtype, appointment ? At(60 * 24) : null));
        Assert.Equal((required, status), (view.Callback.Required, view.Callback.Status));
    }

    [Fact]
    public void A_sampled_inquiry_not_picked_closes_without_a_callback_and_one_picked_becomes_required()
    {
        var skipped = OrderViewProjector.Create(Received("inquiry", "bill"));
        OrderViewProjector.Apply(skipped, new OrderAnswered(Id, At(5), 2, "intake", "The bill is right.", "agent"));
        OrderViewProjector.Apply(skipped, new OrderClosed(Id, At(6), 1, "callback", "no-callback-required"));
        Assert.Equal(("closed", false, "not-required", "The bill is right."),
            (skipped.Status, skipped.Callback.Required, skipped.Callback.Status, skipped.Answer));

        var picked = OrderViewProjector.Create(Received("inquiry", "bill"));
        OrderViewProjector.Apply(picked, new CallbackScheduled(Id, At(6), 1, "callback", Guid.Empty, At(60), true, 1));
        Assert.Equal((true, "scheduled"), (picked.Callback.Required, picked.Callback.Status));
    }

    [Fact]
    public void An_unsatisfied_callback_reopens_the_order_and_its_callback_waits_again()
    {
        var view = OrderViewProjector.Create(Received("repair", "no-power"));
        foreach (var e in RepairLife()[..7]) OrderViewProjector.Apply(view, e);
        OrderViewProjector.Apply(view, new CallbackAttempted(Id, At(120), 2, "callback", Guid.Empty, "unsatisfied", 1, null));
        Assert.Equal("in-progress", view.Callback.Status);
        OrderViewProjector.Apply(view, new OrderReopened(Id, At(121), 3, "callback", "repair", "no-power", "unsatisfied", 2));
        Assert.Equal(("reopened", "pending"), (view.Status, view.Callback.Status));
    }

    [Fact]
    public void An_event_of_a_newer_contract_joins_the_timeline_under_its_name_and_changes_nothing_else()
    {
        var view = OrderViewProjector.Create(Received("repair", "no-power"));
        var before = Summary(view);
        Assert.True(OrderViewProjector.Apply(view, new SurveyPlanned(Id, At(1), 1, "gis")));
        Assert.Equal("SurveyPlanned", view.Timeline[^1].Type);
        Assert.Equal(before.Split(" | ")[0], Summary(view).Split(" | ")[0]);
    }

    /// <summary>An event type this build does not know (the consumer names such events by their URN).</summary>
    private sealed record SurveyPlanned(Guid OrderId, DateTimeOffset OccurredAt, long Sequence, string Source) : IOrderEvent;
}
