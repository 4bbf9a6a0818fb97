using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Testing;

namespace PowerMicro.Callback.Tests;

public sealed class When_inquiries_are_sampled : IClassFixture<CallbackFixture>
{
    private readonly CallbackFixture _callback;

    public When_inquiries_are_sampled(CallbackFixture callback) => _callback = callback;

    private async Task<List<bool>> PicksInCountingOrder(Guid[] orders)
    {
        var store = _callback.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var recorded = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        return recorded.Select(e => e.Data).OfType<CompletionRecorded>().Where(c => orders.Contains(c.OrderId))
            .Select(c => c.Need != "None").ToList();
    }

    [Fact]
    public async Task Two_runs_of_the_same_arrivals_pick_different_orders()
    {
        // The same arrival pattern, one order at a time, for two sampled subtypes (two independent runs).
        var bills = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        var policies = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < 100; i++)
        {
            await _callback.Complete(bills[i], "inquiry", "bill");
            await _callback.Complete(policies[i], "inquiry", "policy");
        }
        List<bool> billPicks = [], policyPicks = [];
        await Eventually.True(async () =>
        {
            billPicks = await PicksInCountingOrder(bills);
            policyPicks = await PicksInCountingOrder(policies);
            return billPicks.Count == 100 && policyPicks.Count == 100;
        }, "both runs handled", TimeSpan.FromSeconds(120));
        Assert.Equal(20, billPicks.Count(p => p));
        Assert.Equal(20, policyPicks.Count(p => p));
        Assert.NotEqual(billPicks, policyPicks);
    }

    [Fact]
    public async Task Every_window_of_100_consecutive_completions_has_19_to_21_callbacks()
    {
        const int completions = 1000;
        var orders = Enumerable.Range(0, completions).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var chunk in orders.Chunk(20))
            await Task.WhenAll(chunk.Select(o => _callback.Complete(o, "inquiry", "outage-info")));

        List<bool> picks = [];
        await Eventually.True(async () =>
        {
            // In the order the completions were counted (the event store's global sequence).
            picks = await PicksInCountingOrder(orders);
            return picks.Count >= completions;
        }, "all completions handled", TimeSpan.FromSeconds(180));

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
