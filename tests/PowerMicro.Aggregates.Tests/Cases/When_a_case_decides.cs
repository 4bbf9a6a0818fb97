using PowerMicro.Complaint.Cases;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Complaint.Repeats;
using PowerMicro.Contracts;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;
using static PowerMicro.Aggregates.Tests.Given;
using static PowerMicro.Aggregates.Tests.Cases.Complaints;

namespace PowerMicro.Aggregates.Tests.Cases;

public class When_a_case_decides
{
    [Fact]
    public void A_complaint_opens_with_its_contact_and_reply_deadlines()
    {
        var decision = CaseDecisions.Open(new OpenCase(Received(), "Li", FirstTime, Limits), null, T0);

        Assert.Equal(["CaseOpened", "DeadlineStarted", "DeadlineStarted"], Names(decision));
        Assert.Equal([T0.AddHours(24), T0.AddDays(5)], decision.Events.OfType<DeadlineStarted>().Select(d => d.DueAt));
        Assert.Equal(2, decision.Effects.OfType<DeadlineTimer.Schedule>().Count());
    }

    [Fact]
    public void A_report_is_replied_within_ten_days_and_a_third_repeat_is_escalated()
    {
        var report = CaseDecisions.Open(new OpenCase(Received(OrderKinds.Report, "misconduct"), "Li", FirstTime, Limits), null, T0);
        Assert.Equal(T0.AddDays(10), report.Events.OfType<DeadlineStarted>().Single(d => d.Name == DeadlineNames.Reply).DueAt);

        var repeat = CaseDecisions.Open(new OpenCase(Received(), "Li", new RepeatVerdict(true, 3, true), Limits), null, T0);
        Assert.Equal("repeat", Single<CaseEscalated>(repeat).Reason);
        Assert.True(Single<CaseOpened>(repeat).Repeat);
    }

    [Fact]
    public void A_case_open_already_is_not_opened_again() =>
        Nothing(CaseDecisions.Open(new OpenCase(Received(), "Li", FirstTime, Limits), Opened(), T0));

    [Fact]
    public void Contacting_in_time_keeps_the_contact_deadline()
    {
        var decision = CaseDecisions.Contact(new ContactCustomer("agent"), Opened(), T0.AddHours(1));

        Assert.Equal(["DeadlineKept", "CustomerContacted"], Names(decision));
        Assert.True(Single<CustomerContacted>(decision).OnTime);
        Assert.Equal(DeadlineRules.Token(Id, DeadlineNames.Contact, 1), Assert.IsType<DeadlineTimer.Cancel>(Assert.Single(decision.Effects)).Token);
    }

    [Fact]
    public void A_late_contact_whose_timer_has_not_fired_records_the_breach_once()
    {
        var decision = CaseDecisions.Contact(new ContactCustomer("agent"), Opened(), T0.AddHours(25));

        Assert.Equal(["DeadlineMissed", "CaseEscalated", "DeadlineKept", "CustomerContacted"], Names(decision));
        var contacted = After(Opened(), decision)!;
        Assert.True(contacted.Supervised);
        Nothing(CaseDecisions.Fire(new DeadlineDue(Id, DeadlineNames.Contact, 1, T0.AddHours(24)), contacted, T0.AddHours(26)));
    }

    [Fact]
    public void Contacting_is_refused_twice_or_for_an_unknown_case()
    {
        Assert.Equal("Already contacted", Refused(CaseDecisions.Contact(new ContactCustomer("agent"), Contacted(), T0), RejectionKind.Conflict).Title);
        Refused(CaseDecisions.Contact(new ContactCustomer("agent"), null, T0), RejectionKind.NotFound);
    }

    [Fact]
    public void Replying_after_the_contact_completes_the_round()
    {
        var decision = CaseDecisions.Reply(new ReplyToCustomer("Sorry", "agent", null), Contacted(), T0.AddDays(1));

        Assert.Equal(["DeadlineKept", "CaseReplied"], Names(decision));
        Assert.Equal(CaseStatus.Replied, After(Contacted(), decision)!.Status);
    }

    [Fact]
    public void A_verified_theft_report_earns_the_reward()
    {
        var theft = Contacted(OrderKinds.Report, "electricity-theft");
        Assert.Equal(["DeadlineKept", "CaseReplied", "RewardDue"],
            Names(CaseDecisions.Reply(new ReplyToCustomer("Found", "agent", true), theft, T0.AddDays(1))));
        Assert.Equal(["DeadlineKept", "CaseReplied"],
            Names(CaseDecisions.Reply(new ReplyToCustomer("Not found", "agent", false), theft, T0.AddDays(1))));
    }

    [Fact]
    public void Replying_is_refused_before_contact_twice_or_with_the_wrong_verification()
    {
        Assert.Equal("Contact the customer first", Refused(CaseDecisions.Reply(new ReplyToCustomer("r", "a", null), Opened(), T0), RejectionKind.Conflict).Title);
        Assert.Equal("Already replied", Refused(CaseDecisions.Reply(new ReplyToCustomer("r", "a", null), Replied(), T0), RejectionKind.Conflict).Title);
        Assert.Equal("verified", Refused(CaseDecisions.Reply(new ReplyToCustomer("r", "a", true), Contacted(), T0), RejectionKind.Invalid).Field);
        Assert.Equal("verified", Refused(CaseDecisions.Reply(new ReplyToCustomer("r", "a", null), Contacted(OrderKinds.Report, "electricity-theft"), T0),
            RejectionKind.Invalid).Field);
        Refused(CaseDecisions.Reply(new ReplyToCustomer("r", "a", null), null, T0), RejectionKind.NotFound);
    }

    [Fact]
    public void A_replied_case_reopened_gets_a_new_reply_deadline_for_the_next_round()
    {
        var at = T0.AddDays(2);
        var decision = CaseDecisions.Reopen(new ReopenCase(new OrderReopened(Id, at, 7, "callback", "complaint", "service-attitude", "unsatisfied", 2), Limits), Replied(), at);

        Assert.Equal(["CaseReopened", "DeadlineStarted"], Names(decision));
        Assert.Equal((2, at.AddDays(5)), (Single<DeadlineStarted>(decision).Round, Single<DeadlineStarted>(decision).DueAt));
        Assert.Equal(CaseStatus.Reopened, After(Replied(), decision)!.Status);
    }

    [Fact]
    public void A_stale_or_early_reopening_changes_nothing_and_an_unknown_case_is_refused()
    {
        var stale = new ReopenCase(new OrderReopened(Id, T0, 7, "callback", "complaint", "service-attitude", "unsatisfied", 2), Limits);
        Nothing(CaseDecisions.Reopen(stale, Replied(), T0.AddDays(2)));
        Nothing(CaseDecisions.Reopen(stale with { Reopened = stale.Reopened with { OccurredAt = T0.AddDays(2) } }, Contacted(), T0.AddDays(2)));
        Refused(CaseDecisions.Reopen(stale, null, T0), RejectionKind.NotFound);
    }

    [Fact]
    public void A_reply_timer_breaches_and_escalates_once()
    {
        var due = new DeadlineDue(Id, DeadlineNames.Reply, 1, T0.AddDays(5));
        var breach = CaseDecisions.Fire(due, Contacted(), T0.AddDays(6));

        Assert.Equal(["DeadlineMissed", "CaseEscalated"], Names(breach));
        Assert.Equal("sla-breach:reply", Single<CaseEscalated>(breach).Reason);
        Nothing(CaseDecisions.Fire(due, After(Contacted(), breach), T0.AddDays(7)));
        Nothing(CaseDecisions.Fire(due, Replied(), T0.AddDays(6)));
    }
}
