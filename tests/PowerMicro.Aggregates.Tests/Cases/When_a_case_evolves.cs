using PowerMicro.Complaint.Cases;
using static PowerMicro.Aggregates.Tests.Given;
using static PowerMicro.Aggregates.Tests.Cases.Complaints;

namespace PowerMicro.Aggregates.Tests.Cases;

public class When_a_case_evolves
{
    [Fact]
    public void Opening_contact_and_reply_fold_into_the_case()
    {
        var replied = Replied();

        Assert.Equal((Id, CaseStatus.Replied, "agent", "Sorry"), (replied.Id, replied.Status, replied.ContactedBy, replied.Reply));
        Assert.All(replied.Deadlines, d => Assert.Equal(true, d.OnTime));
        Assert.Null(replied.NextDueAt);
        Assert.Equal(1, replied.Lane);
    }

    [Fact]
    public void The_nearest_open_deadline_is_next_due()
    {
        Assert.Equal(T0.AddHours(24), Opened().NextDueAt);
        Assert.Equal(T0.AddDays(5), Contacted().NextDueAt);
    }

    [Fact]
    public void Escalations_collect_their_reasons_and_a_reopening_clears_the_reply()
    {
        var state = State<ComplaintCase>(
            new CaseOpened(Id, "n", "complaint", "billing", "A-2", "Li", "A", "phone", "d", T0, true, 3, T0),
            new CaseEscalated("repeat", T0),
            new CaseReplied("complaint", "billing", "A", "r", "agent", null, 1, T0),
            new CaseEscalated("sla-breach:reply", T0),
            new CaseReopened("unsatisfied", 2, T0))!;

        Assert.Equal(["repeat", "sla-breach:reply"], state.SupervisionReasons);
        Assert.Equal((CaseStatus.Reopened, 2, (string?)null, 0), (state.Status, state.Round, state.Reply, state.Lane));
    }
}
