using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>Same account, same subtype, after an earlier complaint on it was closed: repeat; the third is escalated at once.</summary>
public sealed class When_the_same_customer_complains_again : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_the_same_customer_complains_again(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task The_second_is_flagged_repeat_and_the_third_escalated()
    {
        var clock = ComplaintRig.NewClock();
        await using var subscriber = await ComplaintRig.StartSubscriber(_infrastructure);
        await using var service = await ComplaintRig.StartService(_infrastructure, clock);
        const string account = "3201000077";

        var first = ComplaintRig.Order(subtype: "billing", account: account, receivedAt: clock.GetUtcNow());
        var firstCase = await service.Receive(first);
        Assert.Equal((false, 1, false), (firstCase.Repeat, firstCase.MatterCount, firstCase.Supervised));
        await service.Contact(first.OrderId);
        await service.Reply(first.OrderId);

        clock.Advance(TimeSpan.FromDays(10));
        var second = ComplaintRig.Order(subtype: "billing", account: account, receivedAt: clock.GetUtcNow());
        var secondCase = await service.Receive(second);
        Assert.Equal((true, 2, false), (secondCase.Repeat, secondCase.MatterCount, secondCase.Supervised));
        await service.Contact(second.OrderId);
        await service.Reply(second.OrderId);

        // Another matter of the same customer is not a repeat.
        var otherMatter = ComplaintRig.Order(subtype: "outage", account: account, receivedAt: clock.GetUtcNow());
        Assert.False((await service.Receive(otherMatter)).Repeat);

        clock.Advance(TimeSpan.FromDays(10));
        var third = ComplaintRig.Order(subtype: "billing", account: account, receivedAt: clock.GetUtcNow());
        var thirdCase = await service.Receive(third);
        Assert.Equal((true, 3, true), (thirdCase.Repeat, thirdCase.MatterCount, thirdCase.Supervised));
        Assert.Equal(["repeat"], thirdCase.SupervisionReasons);

        var escalation = await Eventually.Get(() => Task.FromResult(subscriber.Events().Of<ComplaintEscalated>(third.OrderId).SingleOrDefault()),
            "the third complaint's escalation");
        Assert.Equal("repeat", escalation.Reason);
        await Eventually.True(() => subscriber.Events().Of<ComplaintOpened>(second.OrderId).Count == 1, "the second opened");
        Assert.True(subscriber.Events().Of<ComplaintOpened>(second.OrderId).Single().Repeat);
        Assert.Empty(subscriber.Events().Of<ComplaintEscalated>(second.OrderId));
    }

    [Fact]
    public async Task A_complaint_while_the_earlier_is_still_open_or_after_the_window_is_no_repeat()
    {
        var clock = ComplaintRig.NewClock();
        await using var service = await ComplaintRig.StartService(_infrastructure, clock,
            new Dictionary<string, string?> { ["Complaints:Repeats:Window"] = "30.00:00:00" });
        const string account = "3201000078";

        var open = ComplaintRig.Order(subtype: "power-quality", account: account, receivedAt: clock.GetUtcNow());
        await service.Receive(open);
        var whileOpen = ComplaintRig.Order(subtype: "power-quality", account: account, receivedAt: clock.GetUtcNow());
        var whileOpenCase = await service.Receive(whileOpen);
        Assert.Equal((false, 2), (whileOpenCase.Repeat, whileOpenCase.MatterCount));

        foreach (var order in new[] { open, whileOpen })
        {
            await service.Contact(order.OrderId);
            await service.Reply(order.OrderId);
        }
        clock.Advance(TimeSpan.FromDays(31));
        var afterWindow = ComplaintRig.Order(subtype: "power-quality", account: account, receivedAt: clock.GetUtcNow());
        var afterWindowCase = await service.Receive(afterWindow);
        Assert.Equal((false, 1, false), (afterWindowCase.Repeat, afterWindowCase.MatterCount, afterWindowCase.Supervised));
    }

    [Fact]
    public async Task Two_complaints_on_the_matter_at_once_are_counted_one_after_the_other()
    {
        var clock = ComplaintRig.NewClock();
        await using var service = await ComplaintRig.StartService(_infrastructure, clock);
        const string account = "3201000079";
        var first = ComplaintRig.Order(subtype: "construction", account: account, receivedAt: clock.GetUtcNow());
        await service.Receive(first);
        await service.Contact(first.OrderId);
        await service.Reply(first.OrderId);

        clock.Advance(TimeSpan.FromDays(1));
        var second = ComplaintRig.Order(subtype: "construction", account: account, receivedAt: clock.GetUtcNow());
        var third = ComplaintRig.Order(subtype: "construction", account: account, receivedAt: clock.GetUtcNow());
        var cases = await Task.WhenAll(service.Receive(second), service.Receive(third));

        Assert.All(cases, c => Assert.True(c.Repeat));
        Assert.Equal([2, 3], cases.Select(c => c.MatterCount).Order());
        Assert.Single(cases, c => c.Supervised);
    }
}
