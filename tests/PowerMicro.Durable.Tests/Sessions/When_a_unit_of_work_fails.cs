using Marten;
using Microsoft.Extensions.DependencyInjection;
using PowerMicro.Durable.EventStore;
using PowerMicro.Testing;

namespace PowerMicro.Durable.Tests.Sessions;

public sealed record Noted(string Text);

/// <summary>
/// Guards a Marten behaviour the building blocks depend on: a unit of work commits whole or not at all.
/// Marten 9.58 without an explicit transaction runs multi-page units of work page by page (this test
/// failed that way), so write sessions open one (OpenTracedSessionAsync).
/// After a failed append Marten writes "tombstone" events of its own, in the background, to fill the sequence
/// numbers the failed unit had drawn (so the daemon does not wait on the gap); they are bookkeeping, not the unit's
/// events, and whether one is already there when the test looks is a race, so they are not counted.
/// </summary>
public sealed class When_a_unit_of_work_fails : IClassFixture<IsolatedInfrastructure>
{
    private const string Tombstone = "tombstone";
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_unit_of_work_fails(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task Its_appended_events_are_not_stored_either()
    {
        await using var host = await DurableTestHost.StartAsync(_infrastructure, _ => { });
        var store = host.Services.GetRequiredService<IDocumentStore>();
        async Task<long> Count(Guid? stream = null)
        {
            await using var query = store.QuerySession();
            var events = query.Events.QueryAllRawEvents().Where(e => e.EventTypeName != Tombstone);
            if (stream is { } id) events = events.Where(e => e.StreamId == id);
            return await events.LongCountAsync();
        }
        await using (var first = await store.OpenTracedSessionAsync())
        {
            first.Events.StartStream(Guid.NewGuid(), new Noted("kept"));
            await first.SaveChangesAsync();
        }
        var before = await Count();

        var failed = Guid.NewGuid();
        await using var failing = await store.OpenTracedSessionAsync();
        failing.Events.StartStream(failed, new Noted("must not stay"));
        failing.QueueSqlCommand("insert into no_such_table values (1)");
        await Assert.ThrowsAnyAsync<Exception>(() => failing.SaveChangesAsync());

        Assert.Equal(0, await Count(failed));
        Assert.Equal(before, await Count());
    }
}
