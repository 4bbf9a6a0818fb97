using System.Net;
using System.Net.Http.Json;
using PowerMicro.Testing.Processes;

namespace PowerMicro.Resilience.Tests;

public sealed class When_the_system_runs_as_processes
{
    [Fact]
    public async Task An_order_taken_at_the_gateway_is_received_by_every_process()
    {
        await using var system = await RunningSystem.StartAsync();
        using var agent = await system.ClientAsAsync("agent");

        using var created = await agent.PostAsJsonAsync("/api/orders", new
        {
            kind = "repair", subtype = "no-power", channel = "phone", area = "urban",
            customer = new { accountNo = "3201000001", name = "Wang Li", phone = "13800000000", tier = "C" },
            address = "12 Huaihe Rd", description = "No power",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
