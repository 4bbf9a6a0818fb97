using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.EventStore;
using PowerMicro.Durable.Relay;
using PowerMicro.Durable.Writing;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Writing;

public sealed record ItemAdded(string Item, int Position);

public sealed record AddItem(string Item);

/// <summary>A list whose items are numbered in order: a decision depends on the state it was taken on.</summary>
public sealed record ItemList : IAggregate<ItemList>
{
    public Guid Id { get; init; }
    public IReadOnlyList<string> Items { get; init; } = [];

    static ItemList? IAggregate<ItemList>.Evolve(ItemList? state, object @event) => @event is ItemAdded e
        ? (state ?? new ItemList()) with { Items = [.. (state?.Items ?? []), e.Item] }
        : state;

    public static Decision Add(AddItem command, ItemList? state, DateTimeOffset now) =>
        state?.Items.Contains(command.Item) == true
            ? Decision.Conflict("Listed already.")
            : Decision.Accept(new ItemAdded(command.Item, (state?.Items.Count ?? 0) + 1));
}

/// <summary>
/// The write helper's one conflict policy, on real PostgreSQL: a write that loses a race with another writer of the
/// same stream is decided again on fresh state; after three lost races it writes nothing and says so.
/// </summary>
public sealed class When_a_write_races_another : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_write_races_another(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    private Task<TestWebHost> Start() => DurableTestHost.StartAsync(_infrastructure, _ => { }, before: builder =>
    {
        builder.Services.AddAggregateWriter();
        builder.Services.ConfigureMarten(o => o.Projections.Add(new AggregateProjection<ItemList>(), ProjectionLifecycle.Live));
    });

    /// <summary>Adds <paramref name="item"/> to list <paramref name="id"/> through the write helper; <paramref name="prepare"/> runs in each attempt.</summary>
    private static async Task<WriteResult<ItemList>> Write(TestWebHost host, Guid id, string item, Func<Task>? prepare = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AggregateWriter>().Write(id, new AddItem(item), ItemList.Add,
            new WriteSteps<ItemList, AddItem>
            {
                Prepare = async (_, _, command, _) =>
                {
                    if (prepare is not null) await prepare();
                    return command;
                },
            });
    }

    private static async Task AddElsewhere(IDocumentStore store, Guid id, string item)
    {
        await using var other = await store.OpenTracedSessionAsync();
        var stream = await other.Events.FetchForWriting<ItemList>(id);
        stream.AppendOne(new ItemAdded(item, (stream.Aggregate?.Items.Count ?? 0) + 1));
        await other.SaveChangesAsync();
    }

    private static async Task<IReadOnlyList<ItemAdded>> Stored(IDocumentStore store, Guid id)
    {
        await using var query = store.QuerySession();
        return (await query.Events.FetchStreamAsync(id)).Select(e => (ItemAdded)e.Data).ToList();
    }

    [Fact]
    public async Task It_is_decided_again_on_the_state_the_other_writer_left()
    {
        await using var host = await Start();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var id = Guid.NewGuid();
        await AddElsewhere(store, id, "first");
        var attempts = 0;

        var result = await Write(host, id, "mine", async () =>
        {
            if (++attempts == 1) await AddElsewhere(store, id, "theirs"); // lands between our load and our save
        });

        var written = Assert.IsType<WriteResult<ItemList>.Written>(result);
        Assert.Equal(["first", "theirs", "mine"], written.State!.Items);
        Assert.Equal(2, attempts);
        Assert.Equal([("first", 1), ("theirs", 2), ("mine", 3)], (await Stored(store, id)).Select(e => (e.Item, e.Position)));
    }

    [Fact]
    public async Task After_three_lost_races_nothing_of_it_is_written()
    {
        await using var host = await Start();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var id = Guid.NewGuid();
        await AddElsewhere(store, id, "first");
        var attempts = 0;

        var result = await Write(host, id, "mine", () => AddElsewhere(store, id, $"theirs-{++attempts}"));

        Assert.IsType<WriteResult<ItemList>.ChangedConcurrently>(result);
        Assert.Equal(AggregateWriter.Attempts, attempts);
        Assert.DoesNotContain("mine", (await Stored(store, id)).Select(e => e.Item));
    }

    [Fact]
    public async Task A_refused_command_changes_nothing()
    {
        await using var host = await Start();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var id = Guid.NewGuid();
        await AddElsewhere(store, id, "first");

        var result = await Write(host, id, "first");

        Assert.Equal(RejectionKind.Conflict, Assert.IsType<WriteResult<ItemList>.Refused>(result).Rejection.Kind);
        Assert.Single(await Stored(store, id));
    }
}
