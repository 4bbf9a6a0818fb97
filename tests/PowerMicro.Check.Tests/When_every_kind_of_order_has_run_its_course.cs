using PowerMicro.Check.Running;

namespace PowerMicro.Check.Tests;

/// <summary>A clean system: every kind of order taken, handled, completed, called back and closed; the checker finds nothing.</summary>
public sealed class When_every_kind_of_order_has_run_its_course(SystemRig rig) : IClassFixture<SystemRig>
{
    private async Task Called(Guid orderId, string outcome = "satisfied")
    {
        await rig.Attempt(await rig.CallbackTask(orderId), outcome);
        await rig.Closed(orderId);
    }

    private async Task RepairLife()
    {
        var order = await rig.Take("repair", "no-power");
        await rig.Repair(order);
        await Called(order);
    }

    private async Task ComplaintLife()
    {
        var order = await rig.Take("complaint", "service-attitude");
        await rig.Contact(order);
        await rig.Reply(order);
        var first = await rig.CallbackTask(order);
        await rig.Attempt(first, "unsatisfied");
        await rig.CaseWhen(order, "reopened");
        await rig.Reply(order);
        await rig.Attempt(await rig.CallbackTask(order, not: first), "satisfied");
        await rig.Closed(order);
    }

    private async Task ReportLife()
    {
        var order = await rig.Take("report", "misconduct");
        await rig.Contact(order);
        await rig.Reply(order);
        await Called(order, "basically-satisfied");
    }

    private async Task AnsweredLife(string kind, string subtype, DateTimeOffset? appointment = null)
    {
        var order = await rig.Take(kind, subtype, appointment);
        await rig.Answer(order);
        var view = await rig.ViewWhen(order, v => v.GetProperty("status").GetString() == "closed"
                                                 || v.GetProperty("callback").GetProperty("status").GetString() == "scheduled",
            $"{kind} {subtype} closed or called back");
        if (view.GetProperty("status").GetString() != "closed") await Called(order);
    }

    [Fact]
    public async Task The_checker_finds_no_violation_and_counts_what_it_checked()
    {
        await Task.WhenAll(
            RepairLife(), ComplaintLife(), ReportLife(),
            AnsweredLife("inquiry", "safety"), AnsweredLife("inquiry", "policy"),
            AnsweredLife("business", "new-connection"),
            AnsweredLife("business", "meter-relocation", DateTimeOffset.UtcNow.AddDays(3)));

        var run = await rig.Check(settle: TimeSpan.FromSeconds(30), wait: TimeSpan.FromSeconds(60));

        var report = new StringWriter();
        RunReport.Write(report, rig.CheckOptions(TimeSpan.FromSeconds(30)), run);
        Assert.True(run.Violations.Count == 0, report.ToString());
        Assert.True(run.InFlight.Count == 0, report.ToString());
        int Checked(string check) => run.Results.Single(r => r.Name == check).Checked;
        Assert.Equal(7, Checked("received-once"));
        Assert.Equal(7, Checked("timeline-exact"));
        Assert.Equal(8, Checked("callback-per-completion")); // the complaint completed twice
        Assert.Equal(7, Checked("no-stuck-orders"));
        Assert.Equal(4, Checked("relays-caught-up"));
        Assert.True(Checked("compliance-report") >= 6, report.ToString());
        Assert.EndsWith($"{run.Checked} checked, 0 violations", report.ToString().TrimEnd());
    }
}
