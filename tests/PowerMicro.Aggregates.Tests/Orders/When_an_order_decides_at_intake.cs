using PowerMicro.Contracts;
using PowerMicro.Durable.Writing;
using PowerMicro.Intake.Orders;
using static PowerMicro.Aggregates.Tests.Given;

namespace PowerMicro.Aggregates.Tests.Orders;

public class When_an_order_decides_at_intake
{
    private static readonly Guid Id = Guid.Parse("0192f0a0-0000-7000-8000-000000000003");

    private static TakeNewOrder Take(string kind, string subtype, string tier = "C", DateTimeOffset? appointment = null) =>
        new(Id, "20261123000003", "agent", kind, subtype, "phone", "urban", new Customer("A-3", "Zhao", "13700000000", tier, 3),
            null, "Question", appointment, null, "trace");

    private static OrderState Taken(string kind = OrderKinds.Inquiry, string subtype = "bill", DateTimeOffset? appointment = null) =>
        After<OrderState>(null, OrderDecisions.Take(Take(kind, subtype, appointment: appointment), null, T0))!;

    [Fact]
    public void A_new_order_is_taken_with_its_priority()
    {
        Assert.Equal(4, Single<OrderTaken>(OrderDecisions.Take(Take(OrderKinds.Inquiry, "bill"), null, T0)).Priority);
        Assert.Equal(1, Single<OrderTaken>(OrderDecisions.Take(Take(OrderKinds.Inquiry, "bill", tier: "A"), null, T0)).Priority);
        Assert.Equal(T0, Single<OrderTaken>(OrderDecisions.Take(Take(OrderKinds.Repair, "no-power"), null, T0)).At);
    }

    [Fact]
    public void An_order_whose_idempotency_key_was_used_is_not_taken_again() =>
        Nothing(OrderDecisions.Take(Take(OrderKinds.Inquiry, "bill") with { KeyTaken = true }, null, T0));

    [Fact]
    public void An_inquiry_is_answered_and_a_business_application_forwarded()
    {
        var inquiry = OrderDecisions.Answer(new GiveAnswer("It is due on the 5th", "agent"), Taken(), T0);
        Assert.Equal(["AnswerGiven", "CompletedAtIntake"], Names(inquiry));
        Assert.Equal("answered", Single<CompletedAtIntake>(inquiry).Result);

        var business = Single<CompletedAtIntake>(OrderDecisions.Answer(new GiveAnswer("Forwarded", "agent"),
            Taken(OrderKinds.Business, "new-connection", T0.AddDays(1)), T0));
        Assert.Equal(("forwarded", true), (business.Result, business.AppointmentService));
    }

    [Fact]
    public void Answering_is_refused_for_other_kinds_twice_or_for_an_unknown_order()
    {
        Assert.Contains("repair", Refused(OrderDecisions.Answer(new GiveAnswer("a", "b"), Taken(OrderKinds.Repair, "no-power"), T0), RejectionKind.Conflict).Detail);
        var answered = After(Taken(), OrderDecisions.Answer(new GiveAnswer("a", "b"), Taken(), T0));
        Assert.Equal("The order is already answered.", Refused(OrderDecisions.Answer(new GiveAnswer("a", "b"), answered, T0), RejectionKind.Conflict).Title);
        Refused(OrderDecisions.Answer(new GiveAnswer("a", "b"), null, T0), RejectionKind.NotFound);
    }

    [Fact]
    public void A_reopened_answered_order_is_answered_again_as_the_next_round()
    {
        var answered = After(Taken(), OrderDecisions.Answer(new GiveAnswer("a", "b"), Taken(), T0));
        var reopen = new ReopenAtIntake(new OrderReopened(Id, T0, 5, "callback", "inquiry", "bill", "unsatisfied", 2));

        var reopened = After(answered, OrderDecisions.Reopen(reopen, answered, T0))!;
        Assert.Equal((false, 2), (reopened.Answered, reopened.Round));
        Assert.Equal(2, Single<CompletedAtIntake>(OrderDecisions.Answer(new GiveAnswer("again", "b"), reopened, T0)).Round);

        Nothing(OrderDecisions.Reopen(reopen, reopened, T0));   // the same round again
        Nothing(OrderDecisions.Reopen(reopen, Taken(), T0));    // not answered yet
        Nothing(OrderDecisions.Reopen(reopen, null, T0));
    }
}
