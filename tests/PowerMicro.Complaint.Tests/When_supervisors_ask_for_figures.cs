using System.Net;
using System.Net.Http.Json;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

public sealed record DeadlineFiguresDto(int Decided, int OnTime, int Late, int Breached, double? OnTimeRate);

public sealed record StatsDto(
    DateTimeOffset From, DateTimeOffset To, int Complaints, int Reports, int Replied, DeadlineFiguresDto Contact, DeadlineFiguresDto Reply,
    int Repeats, int Escalations, Dictionary<string, int> EscalationsByReason, int? CustomerCount, double? ComplaintsPer1000Customers,
    int TheftReportsVerified, int RewardsDue);

public sealed class When_supervisors_ask_for_figures : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_supervisors_ask_for_figures(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private static async Task<StatsDto> Stats(TestWebHost service, DateTimeOffset from, DateTimeOffset to)
    {
        using var response = await service.Client.GetAsync($"/api/complaints/stats?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StatsDto>(ComplaintRig.Json))!;
    }

    [Fact]
    public async Task On_time_rates_repeats_escalations_and_complaints_per_thousand_customers()
    {
        // A year ahead, so that the other test's cases in this schema fall outside the window.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(1));
        var start = clock.GetUtcNow();
        await using var service = await ComplaintRig.StartService(_infrastructure, clock,
            new Dictionary<string, string?> { ["Complaints:CustomerCount"] = "2000" });

        var onTime = ComplaintRig.Order(subtype: "billing", account: "3201000501", receivedAt: start);
        var late = ComplaintRig.Order(receivedAt: start);
        var theft = ComplaintRig.Order(OrderKinds.Report, "electricity-theft", receivedAt: start);
        foreach (var order in new[] { onTime, late, theft }) await service.Receive(order);
        await service.Contact(onTime.OrderId);
        await service.Reply(onTime.OrderId);
        await service.Contact(theft.OrderId);
        await service.Reply(theft.OrderId, "Confirmed.", verified: true);

        clock.Advance(TimeSpan.FromHours(25));
        await service.CaseWhen(late.OrderId, c => c.Deadline("contact").Breached, "the late contact breached");
        await service.Contact(late.OrderId);
        var repeat = ComplaintRig.Order(subtype: "billing", account: "3201000501", receivedAt: clock.GetUtcNow());
        Assert.True((await service.Receive(repeat)).Repeat);
        // Outside the window asked for: not counted.
        await service.Receive(ComplaintRig.Order(receivedAt: start.AddDays(-40)));

        var stats = await Stats(service, start.AddHours(-1), clock.GetUtcNow().AddHours(1));
        Assert.Equal((3, 1, 2), (stats.Complaints, stats.Reports, stats.Replied));
        Assert.Equal(new DeadlineFiguresDto(3, 2, 1, 1, 0.6667), stats.Contact);
        Assert.Equal(new DeadlineFiguresDto(2, 2, 0, 0, 1.0), stats.Reply);
        Assert.Equal((1, 1), (stats.Repeats, stats.Escalations));
        Assert.Equal(1, stats.EscalationsByReason["sla-breach:contact"]);
        Assert.Equal((2000, 1.5), (stats.CustomerCount, stats.ComplaintsPer1000Customers));
        Assert.Equal((1, 1), (stats.TheftReportsVerified, stats.RewardsDue));

        var empty = await Stats(service, start.AddDays(-100), start.AddDays(-50));
        Assert.Equal((0, null), (empty.Complaints, empty.Contact.OnTimeRate));
    }

    [Fact]
    public async Task Without_a_customer_count_the_rate_per_thousand_is_not_given()
    {
        var clock = ComplaintRig.NewClock();
        await using var service = await ComplaintRig.StartService(_infrastructure, clock);
        await service.Receive(ComplaintRig.Order(receivedAt: clock.GetUtcNow()));
        var stats = await Stats(service, clock.GetUtcNow().AddHours(-1), clock.GetUtcNow().AddHours(1));
        Assert.True(stats.Complaints >= 1);
        Assert.Null(stats.CustomerCount);
        Assert.Null(stats.ComplaintsPer1000Customers);
    }
}
