using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PowerMicro.Resilience.Tests;

/// <summary>Orders as an agent's front end sends them, and what the gateway answered.</summary>
public static class Orders
{
    public static object Body(string kind, string subtype, int n) => new
    {
        kind, subtype, channel = "phone", area = "urban",
        customer = new { accountNo = $"32{n:D8}", name = "Wang Li", phone = "13800000000", tier = "C" },
        address = "12 Huaihe Rd, Xuyi", description = "No power since 9 am",
    };

    /// <summary>Posts one order; the order id when it was accepted (201), null when refused (503 and such).</summary>
    public static async Task<(HttpStatusCode Status, Guid? OrderId, string? RetryAfter)> TakeAsync(HttpClient agent, string kind, string subtype, int n)
    {
        try
        {
            using var response = await agent.PostAsJsonAsync("/api/orders", Body(kind, subtype, n));
            Guid? id = null;
            if (response.StatusCode == HttpStatusCode.Created)
                id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
            return (response.StatusCode, id, response.Headers.RetryAfter?.ToString());
        }
        catch (HttpRequestException)
        {
            return (0, null, null);
        }
    }

    /// <summary>Posts an order until one is accepted (the system may still be recovering).</summary>
    public static async Task<Guid> TakeUntilAcceptedAsync(HttpClient agent, string kind, string subtype, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        for (var n = 1; ; n++)
        {
            if (await TakeAsync(agent, kind, subtype, 90000 + n) is { OrderId: { } id }) return id;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No {kind} was accepted within {within}.");
            await Task.Delay(250);
        }
    }

    public static async Task<JsonElement?> GetAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
