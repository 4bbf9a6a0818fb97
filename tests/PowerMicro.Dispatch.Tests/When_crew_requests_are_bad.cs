using System.Net;
using System.Net.Http.Json;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Dispatch.WorkOrders;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

public sealed class When_crew_requests_are_bad(IsolatedInfrastructure infrastructure) : IClassFixture<IsolatedInfrastructure>
{
    [Fact]
    public async Task Forty_bad_or_foreign_requests_are_answered_4xx_problems_and_change_nothing()
    {
        var clock = DispatchRig.NewClock();
        await using var subscriber = await DispatchRig.StartSubscriber(infrastructure);
        await using var dispatch = await DispatchRig.StartDispatch(infrastructure, clock);
        var repair = DispatchRig.Repair(clock.GetUtcNow(), "urban");
        await subscriber.Publish(repair);
        await dispatch.WorkOrderWhen(repair.OrderId, w => w.Status == WorkOrderStatus.Dispatched, "dispatched");
        var id = repair.OrderId;
        var arrive = $"/api/dispatch/work-orders/{id}/arrive";
        var complete = $"/api/dispatch/work-orders/{id}/complete";

        var crew = dispatch.ClientAs("crew", "urban-1");
        var otherCrew = dispatch.ClientAs("crew", "rural-1");
        var crewWithoutCrew = dispatch.ClientAs("crew");
        var agent = dispatch.ClientAs("agent");
        var supervisor = dispatch.ClientAs("supervisor");
        var integrator = dispatch.ClientAs("integrator");
        (HttpClient Who, HttpMethod Method, string Path, string? Body, HttpStatusCode Expected)[] requests =
        [
            (crew, HttpMethod.Post, arrive, "not json", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, arrive, "[]", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, arrive, """{"crew":42}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, arrive, """{"crew":"nobody"}""", HttpStatusCode.Forbidden),
            (crew, HttpMethod.Post, arrive, $$"""{"crew":"{{new string('x', 100)}}"}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, arrive, """{"crew":"urban-1","extra":true}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, arrive, """{"crew":"urban-1","crew":"urban-1"}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, arrive, """{"crew":"urban\u0000-1"}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, arrive, """{"crew":"\ud800"}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, "/api/dispatch/work-orders/not-a-uuid/arrive", """{"crew":"urban-1"}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, $"/api/dispatch/work-orders/{Guid.Empty}/arrive", """{"crew":"urban-1"}""", HttpStatusCode.NotFound),
            (crew, HttpMethod.Post, $"/api/dispatch/work-orders/{Guid.NewGuid()}/arrive", """{"crew":"urban-1"}""", HttpStatusCode.NotFound),
            (crew, HttpMethod.Post, arrive, """{"crew":"rural-1"}""", HttpStatusCode.Forbidden),
            (otherCrew, HttpMethod.Post, arrive, "{}", HttpStatusCode.Forbidden),
            (crewWithoutCrew, HttpMethod.Post, arrive, "{}", HttpStatusCode.Forbidden),
            (integrator, HttpMethod.Post, arrive, "{}", HttpStatusCode.Forbidden),
            (agent, HttpMethod.Post, arrive, "{}", HttpStatusCode.Forbidden),
            (crew, HttpMethod.Post, complete, """{"result":"restored"}""", HttpStatusCode.Conflict),
            (crew, HttpMethod.Post, complete, "{}", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, complete, """{"result":"fixed"}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, complete, """{"result":null}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, complete, """{"result":["restored"]}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, complete, """{"result":"restored","note":5}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, complete, $$"""{"result":"restored","note":"{{new string('n', 2001)}}"}""", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, complete, "null", HttpStatusCode.BadRequest),
            (crew, HttpMethod.Post, complete, """{"result":"restored","crew":"nobody"}""", HttpStatusCode.Forbidden),
            (crew, HttpMethod.Post, $"/api/dispatch/work-orders/{Guid.NewGuid()}/complete", """{"result":"restored"}""", HttpStatusCode.NotFound),
            (agent, HttpMethod.Post, $"/api/dispatch/work-orders/{id}/guide", """{"outcome":"self-fixed"}""", HttpStatusCode.Conflict),
            (agent, HttpMethod.Post, $"/api/dispatch/work-orders/{id}/guide", """{"outcome":"maybe"}""", HttpStatusCode.BadRequest),
            (integrator, HttpMethod.Post, $"/api/dispatch/work-orders/{id}/guide", """{"outcome":"self-fixed"}""", HttpStatusCode.Forbidden),
            (supervisor, HttpMethod.Get, "/api/dispatch/work-orders?status=bogus", null, HttpStatusCode.BadRequest),
            (supervisor, HttpMethod.Get, "/api/dispatch/work-orders?area=mars&overdue=maybe&page=0", null, HttpStatusCode.BadRequest),
            (supervisor, HttpMethod.Get, "/api/dispatch/work-orders?crew=nobody", null, HttpStatusCode.BadRequest),
            (supervisor, HttpMethod.Get, "/api/dispatch/work-orders?unknown=1", null, HttpStatusCode.BadRequest),
            (supervisor, HttpMethod.Get, "/api/dispatch/work-orders/not-a-uuid", null, HttpStatusCode.BadRequest),
            (otherCrew, HttpMethod.Get, $"/api/dispatch/work-orders/{id}", null, HttpStatusCode.Forbidden),
            (otherCrew, HttpMethod.Get, "/api/dispatch/work-orders?crew=urban-1", null, HttpStatusCode.Forbidden),
            (integrator, HttpMethod.Get, $"/api/dispatch/work-orders/{id}", null, HttpStatusCode.Forbidden),
            (supervisor, HttpMethod.Get, "/api/dispatch/sla?from=yesterday", null, HttpStatusCode.BadRequest),
            (supervisor, HttpMethod.Get, "/api/dispatch/sla?to=0001-01-01", null, HttpStatusCode.BadRequest),
            (supervisor, HttpMethod.Get, "/api/dispatch/sla?from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z", null, HttpStatusCode.BadRequest),
        ];
        Assert.True(requests.Length >= 30);

        var before = await Snapshot(dispatch, id);
        foreach (var (who, method, path, body, expected) in requests)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await who.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{method} {path} {body}: {(int)response.StatusCode}, expected {(int)expected}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (expected == HttpStatusCode.BadRequest)
                Assert.True((await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!.Errors.Count > 0,
                    $"{path} {body}: field errors");
        }
        Assert.Equal(before, await Snapshot(dispatch, id));

        // The good request still works after all that.
        (await dispatch.Arrive(id, "urban-1")).EnsureSuccessStatusCode();
        Assert.NotEqual(before, await Snapshot(dispatch, id));
    }

    /// <summary>Every event in the dispatch store, and the work order as the API shows it.</summary>
    private static async Task<string> Snapshot(TestWebHost dispatch, Guid orderId)
    {
        await using var session = dispatch.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryAllRawEvents().CountAsync();
        using var response = await dispatch.Client.GetAsync($"/api/dispatch/work-orders/{orderId}");
        return $"{events}|{await response.Content.ReadAsStringAsync()}";
    }
}
