using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PowerMicro.Testing;

namespace PowerMicro.Edge.Tests;

/// <summary>
/// What a fuzzed system holds before the fuzz, taken in through its gateway: a dispatched repair, an open complaint,
/// an inquiry, and a replied complaint with its callback task.
/// </summary>
public sealed record SeededOrders(Guid Repair, Guid Complaint, Guid Inquiry, Guid CallbackId)
{
    public static async Task<HttpResponseMessage> Send(HttpClient gateway, HttpMethod method, string path, string role, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role, "seed-" + role));
        if (body is not null) request.Content = JsonContent.Create(body);
        return await gateway.SendAsync(request);
    }

    public static object Order(string kind, string subtype, string area = "urban") => new
    {
        kind, subtype, channel = "phone", area,
        customer = new { accountNo = "3201000001", name = "Wang Li", phone = "13800000000", tier = "C", importance = 3 },
        address = "12 Huaihe Rd", description = "seeded by the edge tests",
    };

    /// <param name="patience">How long each seeded order may take to reach its state (more for separate processes on a loaded machine).</param>
    public static async Task<SeededOrders> TakeAsync(HttpClient gateway, TimeSpan patience)
    {
        var repair = await Take(gateway, Order("repair", "no-power"));
        var complaint = await Take(gateway, Order("complaint", "service-attitude"));
        var inquiry = await Take(gateway, Order("inquiry", "policy"));
        var replied = await Take(gateway, Order("complaint", "billing"));

        await Until(gateway, $"/api/dispatch/work-orders/{repair}", "supervisor", w => w.GetProperty("status").GetString() == "dispatched", "the repair dispatched", patience);
        await Until(gateway, $"/api/complaints/{complaint}", "agent", _ => true, "the complaint's case", patience);
        await Until(gateway, $"/api/complaints/{replied}", "agent", _ => true, "the second complaint's case", patience);
        (await Send(gateway, HttpMethod.Post, $"/api/complaints/{replied}/contact", "agent")).EnsureSuccessStatusCode();
        (await Send(gateway, HttpMethod.Post, $"/api/complaints/{replied}/reply", "agent", new { reply = "sorted" })).EnsureSuccessStatusCode();
        var tasks = await Until(gateway, "/api/callbacks?status=open", "agent", t => t.GetArrayLength() > 0, "a callback task", patience);
        return new SeededOrders(repair, complaint, inquiry, tasks[0].GetProperty("callbackId").GetGuid());
    }

    private static async Task<Guid> Take(HttpClient gateway, object order)
    {
        using var response = await Send(gateway, HttpMethod.Post, "/api/orders", "agent", order);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetGuid();
    }

    private static async Task<JsonElement> Until(HttpClient gateway, string path, string role, Func<JsonElement, bool> ready, string what, TimeSpan patience) =>
        (await Eventually.Get(async () =>
        {
            using var response = await Send(gateway, HttpMethod.Get, path, role);
            if (!response.IsSuccessStatusCode) return (JsonElement?)null;
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return ready(body) ? body : null;
        }, what, patience))!.Value;
}
