using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Complaint.Cases;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>Bad input is answered 4xx with problem details and changes nothing.</summary>
public sealed class When_bad_requests_arrive : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_bad_requests_arrive(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private static async Task<string> State(TestWebHost service)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryAllRawEvents().CountAsync();
        var cases = await session.Query<ComplaintCase>().OrderBy(c => c.Id).ToListAsync();
        return $"{events} events; " + JsonSerializer.Serialize(cases);
    }

    private static HttpRequestMessage Post(string path, string? body, string contentType = "application/json") => new(HttpMethod.Post, path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType),
    };

    [Fact]
    public async Task Forty_bad_requests_are_answered_4xx_and_change_nothing()
    {
        var clock = ComplaintRig.NewClock();
        await using var service = await ComplaintRig.StartService(_infrastructure, clock);
        var received = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        var contacted = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        var theft = ComplaintRig.Order(OrderKinds.Report, "electricity-theft", receivedAt: clock.GetUtcNow());
        var replied = ComplaintRig.Order(receivedAt: clock.GetUtcNow());
        foreach (var order in new[] { received, contacted, theft, replied }) await service.Receive(order);
        foreach (var order in new[] { contacted, theft, replied }) await service.Contact(order.OrderId);
        await service.Reply(replied.OrderId);
        var unknown = Guid.NewGuid();

        var before = await State(service);
        var requests = new (HttpStatusCode Expected, Func<HttpRequestMessage> Request)[]
        {
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints?status=lost")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints?limit=0")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints?limit=ten")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints?limit=100000")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints/not-an-id")),
            (HttpStatusCode.NotFound, () => new(HttpMethod.Get, $"/api/complaints/{Guid.Empty}")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{received.OrderId}/contact", """{"note":"x"}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":"ok","reply":"twice"}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":"ok\u0000"}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":"\udc00ok"}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":"ok","Verified":true}""")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints/stats?to=0001-01-01")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints?status=open&status=all")),
            (HttpStatusCode.NotFound, () => new(HttpMethod.Get, $"/api/complaints/{unknown}")),
            (HttpStatusCode.BadRequest, () => Post("/api/complaints/not-an-id/contact", null)),
            (HttpStatusCode.NotFound, () => Post($"/api/complaints/{unknown}/contact", null)),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{received.OrderId}/contact", "{not json")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{received.OrderId}/contact", "[1,2]")),
            (HttpStatusCode.UnsupportedMediaType, () => Post($"/api/complaints/{received.OrderId}/contact", "hello", "text/plain")),
            (HttpStatusCode.Conflict, () => Post($"/api/complaints/{contacted.OrderId}/contact", null)),
            (HttpStatusCode.Conflict, () => Post($"/api/complaints/{replied.OrderId}/contact", null)),
            (HttpStatusCode.Conflict, () => Post($"/api/complaints/{received.OrderId}/reply", """{"reply":"too early"}""")),
            (HttpStatusCode.Conflict, () => Post($"/api/complaints/{replied.OrderId}/reply", """{"reply":"twice"}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", null)),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", "{}")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":""}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":"   "}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":42}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", JsonSerializer.Serialize(new { reply = new string('x', 4001) }))),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":"ok","verified":"yes"}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":"ok","verified":true}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{theft.OrderId}/reply", """{"reply":"checked"}""")),
            (HttpStatusCode.BadRequest, () => Post($"/api/complaints/{contacted.OrderId}/reply", """{"reply":""")),
            (HttpStatusCode.UnsupportedMediaType, () => Post($"/api/complaints/{contacted.OrderId}/reply", "reply=ok", "application/x-www-form-urlencoded")),
            (HttpStatusCode.NotFound, () => Post($"/api/complaints/{unknown}/reply", """{"reply":"ok"}""")),
            (HttpStatusCode.BadRequest, () => Post("/api/complaints/123/reply", """{"reply":"ok"}""")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints/stats?from=yesterday")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints/stats?to=13/13/2026")),
            (HttpStatusCode.BadRequest, () => new(HttpMethod.Get, "/api/complaints/stats?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")),
            (HttpStatusCode.MethodNotAllowed, () => new(HttpMethod.Put, $"/api/complaints/{contacted.OrderId}/reply")
                { Headers = { Authorization = TestTokens.Bearer("agent") } }),
        };
        Assert.True(requests.Length >= 30);

        foreach (var (expected, request) in requests)
        {
            using var message = request();
            using var response = await service.Client.SendAsync(message);
            var what = $"{message.Method} {message.RequestUri}";
            Assert.True(expected == response.StatusCode, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: not a problem document");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
            if (expected == HttpStatusCode.BadRequest)
                Assert.True(problem.RootElement.TryGetProperty("errors", out _), $"{what}: no field errors");
        }

        Assert.Equal(before, await State(service));
    }
}
