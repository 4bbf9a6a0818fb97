using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

/// <summary>Intake with quick webhook retries, on the class's own schema and virtual host.</summary>
public sealed class WebhookIntakeFixture : IsolatedInfrastructure
{
    public TestWebHost Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = Configuration();
        settings["Webhooks:RetryBase"] = "00:00:00.200";
        settings["Webhooks:RetryCap"] = "00:00:01";
        Host = await TestWebHost.StartAsync(settings, b => b.AddIntake(), app => app.MapIntake());
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// A webhook receiver that is down for a while: its failures and backlog show on the subscription, and once it is
/// up it gets every matching event exactly once, in sequence, each carrying a valid Standard Webhooks signature.
/// </summary>
public sealed class When_an_integrator_subscribes_a_webhook : IClassFixture<WebhookIntakeFixture>
{
    private readonly TestWebHost _intake;

    public When_an_integrator_subscribes_a_webhook(WebhookIntakeFixture fixture) => _intake = fixture.Host;

    [Fact]
    public async Task A_receiver_that_was_down_gets_every_event_once_in_order_and_signed()
    {
        var down = true;
        var received = new ConcurrentQueue<JsonElement>();
        var badSignatures = 0;
        string secret = "";
        var receiver = WebApplication.CreateBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = receiver.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            if (down) return Results.StatusCode(503);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = request.Headers["webhook-timestamp"].ToString();
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray()));
            if (request.Headers["webhook-signature"].ToString() != expected)
            {
                Interlocked.Increment(ref badSignatures);
                return Results.StatusCode(401);
            }
            var e = JsonDocument.Parse(body).RootElement.Clone();
            Assert.Equal(id, e.GetProperty("id").GetString());
            received.Enqueue(e);
            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

        using var created = await _intake.Client.PostAsJsonAsync("/api/subscriptions", new { url, filter = new { kind = "repair" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        var subscription = await created.Json();
        secret = subscription.GetProperty("secret").GetString()!;
        var id = subscription.GetProperty("id").GetGuid();

        var repair = await TakeAsync("repair", "no-power");
        await TakeAsync("complaint", "billing");
        var bus = _intake.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        await bus.Publish(new OrderDispatched(repair, now, 1, "dispatch", "crew-urban-1", "urban", now.AddMinutes(45), 1));
        await bus.Publish(new CrewArrived(repair, now.AddMinutes(20), 2, "dispatch", "crew-urban-1", true, now.AddHours(3)));
        await bus.Publish(new OrderCompleted(repair, now.AddHours(1), 4, "dispatch", "repair", "no-power", false, "C", "restored", 1));

        var failing = await Eventually.Get(async () =>
        {
            var s = await (await _intake.Client.GetAsync($"/api/subscriptions/{id}")).Json();
            return s.GetProperty("failures").GetInt32() >= 2 && s.GetProperty("backlog").GetInt64() >= 4 ? (JsonElement?)s : null;
        }, "failures and backlog shown while the receiver is down");
        Assert.Equal("HTTP 503", failing!.Value.GetProperty("lastError").GetString());
        Assert.Empty(received);

        down = false;
        await Eventually.True(async () =>
        {
            var s = await (await _intake.Client.GetAsync($"/api/subscriptions/{id}")).Json();
            return s.GetProperty("backlog").GetInt64() == 0 && s.GetProperty("failures").GetInt32() == 0 && received.Count >= 4;
        }, "the backlog delivered once the receiver is up");

        Assert.Equal(0, badSignatures);
        var events = received.ToList();
        Assert.All(events, e => Assert.Equal("repair", e.GetProperty("kind").GetString()));
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal([1, 2, 3, 4], events.Where(e => e.GetProperty("subject").GetString() == repair.ToString()).Select(e => e.GetProperty("sequence").GetInt32()));
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.org/hook"}""")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","filter":{"kind":"meteor"}}""")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","secret":"not-a-secret"}""")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","after":-5}""")]
    [InlineData("""{"filter":{}}""")]
    [InlineData("""not json""")]
    public async Task A_bad_subscription_is_a_problem_and_stores_nothing(string body)
    {
        using var before = await _intake.Client.GetAsync("/api/subscriptions");
        Assert.True(before.StatusCode == HttpStatusCode.OK, $"{(int)before.StatusCode}: {await before.Content.ReadAsStringAsync()}");
        var count = (await before.Json()).GetArrayLength();
        using var response = await _intake.Client.PostAsync("/api/subscriptions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var after = await _intake.Client.GetAsync("/api/subscriptions");
        Assert.Equal(count, (await after.Json()).GetArrayLength());
    }

    private async Task<Guid> TakeAsync(string kind, string subtype)
    {
        using var created = await _intake.Post(IntakeHost.Order(kind, subtype).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Json()).GetProperty("orderId").GetGuid();
    }
}
