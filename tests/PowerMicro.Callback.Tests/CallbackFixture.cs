using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Callback.Tests;

/// <summary>One running callback service per test class (attempts may be retried at once: RetryAfter 0).</summary>
public sealed class CallbackFixture : IsolatedInfrastructure
{
    public TestWebHost Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var configuration = Configuration();
        configuration["Callbacks:RetryAfter"] = "00:00:00";
        Host = await TestWebHost.StartAsync(configuration, b => b.AddCallback(), app => app.MapCallback());
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }

    public Task Complete(Guid order, string kind, string subtype, int round = 1, bool appointment = false, string tier = "C") =>
        Host.Services.GetRequiredService<IBus>().Publish(new OrderCompleted(order, DateTimeOffset.UtcNow, round, "dispatch",
            kind, subtype, appointment, tier, "restored", round));

    public async Task<CallbackState?> State(Guid order)
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<CallbackState>(order);
    }

    public async Task<CallbackState> WaitFor(Guid order, Func<CallbackState, bool> condition, string what) =>
        await Eventually.Get(async () => await State(order) is { } s && condition(s) ? s : null, what);

    public async Task<List<object>> Events(Guid order)
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(order)).Select(e => e.Data).ToList();
    }

    public async Task<HttpResponseMessage> Attempt(Guid callbackId, string outcome) =>
        await Host.Client.PostAsJsonAsync($"/api/callbacks/{callbackId}/attempts", new { outcome, note = "called" });

    public async Task<JsonElement> Queue()
    {
        using var response = await Host.Client.GetAsync("/api/callbacks?status=due");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
