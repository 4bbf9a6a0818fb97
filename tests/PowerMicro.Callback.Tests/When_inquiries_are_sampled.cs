using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Testing;

namespace PowerMicro.Callback.Tests;

public sealed class When_inquiries_are_sampled : IClassFixture<CallbackFixture>
{
    private readonly CallbackFixture _callback;

    public When_inquiries_are_sampled(CallbackFixture callback) => _callback = callback;

    [Fact]
    public async Task Every_window_of_100_consecutive_completions_has_19_to_21_callbacks()
    {
        const int completions = 300;
        var orders = Enumerable.Range(0, completions).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var chunk in orders.Chunk(20))
            await Task.WhenAll(chunk.Select(o => _callback.Complete(o, "inquiry", "outage-info")));

        var store = _callback.Host.Services.GetRequiredService<IDocumentStore>();
        List<bool> picks = [];
        await Eventually.True(async () =>
        {
            await using var session = store.QuerySession();
            // In the order the completions were counted (the event store's global sequence).
            var recorded = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
            picks = recorded.Select(e => e.Data).OfType<CompletionRecorded>().Where(c => orders.Contains(c.OrderId))
                .Select(c => c.Need != "None").ToList();
            return picks.Count >= completions;
        }, "all completions handled", TimeSpan.FromSeconds(120));

        Assert.Equal(completions, picks.Count);
        for (var start = 0; start + 100 <= picks.Count; start++)
        {
            var sampled = picks.Skip(start).Take(100).Count(p => p);
            Assert.InRange(sampled, 19, 21);
        }
        Assert.Equal(completions / 5, picks.Count(p => p));
        // Not predictable from arrival order: the picked position within the blocks of five varies.
        var positions = Enumerable.Range(0, completions / 5).Select(b => picks.Skip(b * 5).Take(5).ToList().IndexOf(true)).ToList();
        Assert.True(positions.Distinct().Count() >= 3, "picks sit at the same place in every block");

        using var report = await _callback.Host.Client.GetAsync("/api/callbacks/compliance");
        var line = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(report.Content))
            .EnumerateArray().Single(l => l.GetProperty("subtype").GetString() == "outage-info");
        Assert.Equal(completions, line.GetProperty("completed").GetInt32());
        Assert.Equal(completions / 5, line.GetProperty("callbacksCreated").GetInt32());
        Assert.Equal(0.2, line.GetProperty("sampledShare").GetDouble());
    }
}
