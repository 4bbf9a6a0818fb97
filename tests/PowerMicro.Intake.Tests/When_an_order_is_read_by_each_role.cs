using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

/// <summary>Data by need to know: a customer's name and phone go to agents, supervisors and the crew the repair is assigned to.</summary>
public sealed class When_an_order_is_read_by_each_role : IClassFixture<IntakeFixture>
{
    private readonly TestWebHost _host;

    public When_an_order_is_read_by_each_role(IntakeFixture intake) => _host = intake.Host;

    private async Task<(string Name, string Phone)> Customer(Guid order, string role, string? crew = null)
    {
        using var response = await _host.ClientAs(role, crew).GetAsync($"/api/orders/{order}");
        response.EnsureSuccessStatusCode();
        var customer = (await response.Json()).GetProperty("customer");
        return (customer.GetProperty("name").GetString()!, customer.GetProperty("phone").GetString()!);
    }

    [Fact]
    public async Task Agents_supervisors_and_the_assigned_crew_see_the_contact_and_everyone_else_sees_it_masked()
    {
        using var created = await _host.Post(IntakeHost.Order().ToJsonString());
        var order = (await created.Json()).GetProperty("orderId").GetGuid();
        var clear = ("Wang Li", "13800000000");
        var masked = ("W******", "138****0000");

        Assert.Equal(clear, await Customer(order, "agent"));
        Assert.Equal(clear, await Customer(order, "supervisor"));
        Assert.Equal(masked, await Customer(order, "integrator"));
        Assert.Equal(masked, await Customer(order, "crew", "urban-1"));   // not dispatched yet
        Assert.Equal(masked, await Customer(order, "crew"));              // a crew token without a crew

        var now = DateTimeOffset.UtcNow;
        await _host.Services.GetRequiredService<IBus>()
            .Publish(new OrderDispatched(order, now, 2, "dispatch", "urban-1", "urban", now.AddMinutes(45), 1));
        await Eventually.Get(async () => await Customer(order, "crew", "urban-1") == clear ? "seen" : null,
            "the assigned crew to see the contact");
        Assert.Equal(masked, await Customer(order, "crew", "urban-2"));
        Assert.Equal(masked, await Customer(order, "integrator"));
    }
}
