using PowerMicro.Durable.Deadlines;
using PowerMicro.Complaint.Deadlines;
using PowerMicro.Complaint.Repeats;

namespace PowerMicro.Rules.Tests.Complaint;

/// <summary>The repeat rule (ComplaintMatter.Assess): same account, same subtype, within the window.</summary>
public sealed class When_a_complaint_matter_is_assessed
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly RepeatOptions Rule = new() { Window = TimeSpan.FromDays(90), EscalateFrom = 3 };

    private static ComplaintMatter Matter(params (int Day, int? ClosedDay)[] cases)
    {
        var matter = new ComplaintMatter { Id = ComplaintMatter.IdOf("1234567890", "billing") };
        foreach (var (day, closed) in cases)
        {
            var id = Guid.NewGuid();
            matter.Add(id, T0.AddDays(day));
            if (closed is { } c) matter.Closed(id, T0.AddDays(c));
        }
        return matter;
    }

    [Fact]
    public void A_first_complaint_is_no_repeat() =>
        Assert.Equal(new RepeatVerdict(false, 1, false), Matter().Assess(T0, Rule));

    [Fact]
    public void A_second_after_the_first_was_closed_is_a_repeat_not_yet_escalated() =>
        Assert.Equal(new RepeatVerdict(true, 2, false), Matter((0, 3)).Assess(T0.AddDays(10), Rule));

    [Fact]
    public void A_second_while_the_first_is_open_is_counted_but_no_repeat() =>
        Assert.Equal(new RepeatVerdict(false, 2, false), Matter((0, null)).Assess(T0.AddDays(10), Rule));

    [Fact]
    public void The_third_on_the_matter_with_one_closed_is_escalated() =>
        Assert.Equal(new RepeatVerdict(true, 3, true), Matter((0, 3), (5, null)).Assess(T0.AddDays(10), Rule));

    [Fact]
    public void Complaints_older_than_the_window_do_not_count() =>
        Assert.Equal(new RepeatVerdict(false, 1, false), Matter((0, 3), (1, 4)).Assess(T0.AddDays(91), Rule));

    [Fact]
    public void A_reopened_complaint_is_open_again() =>
        Assert.Equal(new RepeatVerdict(false, 2, false), ReopenedMatter().Assess(T0.AddDays(10), Rule));

    private static ComplaintMatter ReopenedMatter()
    {
        var matter = new ComplaintMatter();
        var id = Guid.NewGuid();
        matter.Add(id, T0);
        matter.Closed(id, T0.AddDays(2));
        matter.Closed(id, null);
        return matter;
    }

    [Theory]
    [InlineData("complaint", 5)]
    [InlineData("report", 10)]
    public void The_reply_limit_is_the_one_the_catalog_names_for_the_kind(string kind, int days) =>
        Assert.Equal(TimeSpan.FromDays(days), new DeadlineLimits(CaseDeadlines.Defaults).ReplyFor(kind));
}
