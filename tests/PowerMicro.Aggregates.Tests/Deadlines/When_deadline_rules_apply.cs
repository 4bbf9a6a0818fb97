using Microsoft.Extensions.Configuration;
using PowerMicro.Durable.Deadlines;
using static PowerMicro.Aggregates.Tests.Given;

namespace PowerMicro.Aggregates.Tests.Deadlines;

public class When_deadline_rules_apply
{
    private static readonly Guid Stream = Guid.Parse("0192f0a0-0000-7000-8000-000000000004");
    private static readonly DeadlineState Running = new("arrival", 1, T0, DeadlineRules.Token(Stream, "arrival", 1));
    private static readonly DeadlineDue Due = new(Stream, "arrival", 1, T0);

    [Fact]
    public void A_timer_token_is_the_same_for_the_same_deadline_and_differs_otherwise()
    {
        Assert.Equal(DeadlineRules.Token(Stream, "arrival", 1), DeadlineRules.Token(Stream, "arrival", 1));
        Assert.Equal(4, new[] { DeadlineRules.Token(Stream, "arrival", 1), DeadlineRules.Token(Stream, "arrival", 2),
            DeadlineRules.Token(Stream, "restoration", 1), DeadlineRules.Token(Guid.NewGuid(), "arrival", 1) }.Distinct().Count());
    }

    [Fact]
    public void A_timer_breaches_only_a_running_unbreached_deadline_that_is_due()
    {
        Assert.Equal(DeadlineVerdict.Breach, DeadlineRules.Judge(Running, Due, T0));
        Assert.Equal(DeadlineVerdict.NotYet, DeadlineRules.Judge(Running, Due, T0.AddSeconds(-1)));
        Assert.Equal(DeadlineVerdict.Nothing, DeadlineRules.Judge(Running with { MetAt = T0 }, Due, T0.AddHours(1)));
        Assert.Equal(DeadlineVerdict.Nothing, DeadlineRules.Judge(Running with { BreachedAt = T0 }, Due, T0.AddHours(1)));
        Assert.Equal(DeadlineVerdict.Nothing, DeadlineRules.Judge(Running with { DueAt = T0.AddHours(1) }, Due, T0.AddHours(2)));
        Assert.Equal(DeadlineVerdict.Nothing, DeadlineRules.Judge(null, Due, T0));
    }

    [Fact]
    public void A_late_step_records_the_breach_unless_the_timer_did_and_then_cancels_nothing()
    {
        Assert.True(DeadlineRules.BreachOnKeep(Running, T0.AddSeconds(1)));
        Assert.False(DeadlineRules.BreachOnKeep(Running, T0));
        Assert.False(DeadlineRules.BreachOnKeep(Running with { BreachedAt = T0 }, T0.AddSeconds(1)));
        Assert.IsType<DeadlineTimer.Cancel>(DeadlineRules.CancelOnKeep(Running));
        Assert.Null(DeadlineRules.CancelOnKeep(Running with { BreachedAt = T0 }));
    }

    [Fact]
    public void Keeping_and_missing_change_only_the_deadline_of_that_name_and_round()
    {
        IReadOnlyList<DeadlineState> all = [Running, Running with { Round = 2 }, Running with { Name = "restoration" }];

        var kept = DeadlineRules.Kept(all, "arrival", 2, onTime: true, T0);
        Assert.Equal([null, T0, null], kept.Select(d => d.MetAt));
        var missed = DeadlineRules.Missed(all, "restoration", 1, 60, T0);
        Assert.Equal([false, false, true], missed.Select(d => d.Breached));
        Assert.Null(all[2].BreachedAt);
    }

    [Fact]
    public void Limits_come_from_Deadlines_name_then_an_older_section_then_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Deadlines:Contact"] = "02:00:00",
            ["Complaints:Deadlines:Contact"] = "01:00:00",
            ["Complaints:Deadlines:ReportReply"] = "3.00:00:00",
        }).Build();
        var limits = new DeadlineLimits(new Dictionary<string, TimeSpan>
        {
            ["Contact"] = TimeSpan.FromHours(24), ["ReportReply"] = TimeSpan.FromDays(10), ["ComplaintReply"] = TimeSpan.FromDays(5),
        }, configuration, "Complaints:Deadlines");

        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromDays(3), TimeSpan.FromDays(5)),
            (limits["Contact"], limits["ReportReply"], limits["ComplaintReply"]));
    }

    [Fact]
    public void A_limit_that_is_not_a_positive_time_span_fails_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Deadlines:Contact"] = "soon" }).Build();
        Assert.Throws<InvalidOperationException>(() => new DeadlineLimits(new Dictionary<string, TimeSpan> { ["Contact"] = TimeSpan.FromHours(1) }, configuration));
    }
}
