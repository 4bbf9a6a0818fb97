using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

/// <summary>The real intake service (its AddIntake/MapIntake) on a test class's isolated schema and virtual host.</summary>
public static class IntakeHost
{
    public static Task<TestWebHost> StartAsync(IsolatedInfrastructure infrastructure) =>
        TestWebHost.StartAsync(infrastructure.Configuration(), b => b.AddIntake(), app => app.MapIntake());

    public static JsonObject Order(string kind = "repair", string subtype = "no-power") => new()
    {
        ["kind"] = kind,
        ["subtype"] = subtype,
        ["channel"] = "phone",
        ["area"] = "urban",
        ["customer"] = new JsonObject
        {
            ["accountNo"] = "3201000001", ["name"] = "Wang Li", ["phone"] = "13800000000", ["tier"] = "C", ["importance"] = 3,
        },
        ["address"] = "12 Huaihe Rd, Xuyi",
        ["description"] = "No power since 9 am",
        ["appointmentAt"] = null,
    };

    public static async Task<HttpResponseMessage> Post(this TestWebHost host, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await host.Client.SendAsync(request);
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    /// <summary>Intake's own stored order events (the public journal's copies are counted apart, in its own tests).</summary>
    public static async Task<long> StoredEvents(this TestWebHost host)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypeName != PowerMicro.Intake.PublicEvents.PublicOrderEvent.StoredTypeName).LongCountAsync();
    }
}
