using System.Net;
using System.Net.Http.Json;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>Green channel: tier A first, then the nearest open deadline.</summary>
public sealed class When_agents_open_the_queue : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_agents_open_the_queue(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private static async Task<List<CaseDto>> Queue(TestWebHost service, string query = "")
    {
        using var response = await service.Client.GetAsync($"/api/complaints{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<CaseDto>>(ComplaintRig.Json))!;
    }

    [Fact]
    public async Task Tier_A_comes_first_then_the_nearest_deadline()
    {
        var clock = ComplaintRig.NewClock();
        await using var service = await ComplaintRig.StartService(_infrastructure, clock);
        var now = clock.GetUtcNow();
        // Contact is due 24 h after receipt: the earlier received, the nearer the deadline.
        var cLate = ComplaintRig.Order(tier: "C", receivedAt: now.AddHours(-20));        // due in 4 h
        var aFresh = ComplaintRig.Order(tier: "A", receivedAt: now.AddHours(-1));        // due in 23 h
        var cUrgent = ComplaintRig.Order(tier: "C", receivedAt: now.AddHours(-23));      // due in 1 h
        var aOlder = ComplaintRig.Order(tier: "A", receivedAt: now.AddHours(-10));       // due in 14 h
        var bFresh = ComplaintRig.Order(tier: "B", receivedAt: now.AddHours(-2));        // due in 22 h
        var dReport = ComplaintRig.Order(OrderKinds.Report, "misconduct", tier: "D", receivedAt: now.AddHours(-12)); // due in 12 h
        foreach (var order in new[] { cLate, aFresh, cUrgent, aOlder, bFresh, dReport }) await service.Receive(order);

        var queue = await Queue(service);
        Assert.Equal(new[] { aOlder, aFresh, cUrgent, cLate, dReport, bFresh }.Select(o => o.OrderId), queue.Select(c => c.OrderId));

        // Contacted: its next deadline is the reply (days away), so it moves behind the others of its lane.
        await service.Contact(cUrgent.OrderId);
        queue = await Queue(service, "?status=open");
        Assert.Equal(new[] { aOlder, aFresh, cLate, dReport, bFresh, cUrgent }.Select(o => o.OrderId), queue.Select(c => c.OrderId));

        Assert.Equal([cUrgent.OrderId], (await Queue(service, "?status=in-progress")).Select(c => c.OrderId));
        Assert.DoesNotContain(cUrgent.OrderId, (await Queue(service, "?status=received")).Select(c => c.OrderId));
        await service.Reply(cUrgent.OrderId);
        Assert.Equal([cUrgent.OrderId], (await Queue(service, "?status=replied")).Select(c => c.OrderId));
        Assert.DoesNotContain(cUrgent.OrderId, (await Queue(service)).Select(c => c.OrderId));
        Assert.Equal(6, (await Queue(service, "?status=all")).Count);
        Assert.Equal(2, (await Queue(service, "?limit=2")).Count);
    }
}
