using System.Collections.Concurrent;
using Marten;
using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PowerMicro.Callback.Callbacks;
using PowerMicro.Contracts;
using PowerMicro.Testing;

namespace PowerMicro.Callback.Tests;

/// <summary>
/// A completion that reaches the callback service after its callback was already due (a queue backed up, a fast
/// demo clock) makes a timer that is due at once. It must not leave the service before the task that expects it is
/// saved: fired early, it finds no task and is dropped, and the breach never comes. The saga's save is held back here
/// (its table locked against inserts) to look at that moment.
/// </summary>
public sealed class When_a_completion_arrives_after_its_callback_was_due : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_a_completion_arrives_after_its_callback_was_due(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task Its_timer_is_released_only_with_the_saved_task_and_the_breach_is_recorded_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestWebHost.StartAsync(_infrastructure.Configuration(),
            b => { b.Services.AddSingleton<TimeProvider>(clock); b.AddCallback(); }, app => app.MapCallback());
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(CallbackState));
        var timers = new TimerMessages();
        host.Services.GetRequiredService<IBus>().ConnectSendObserver(timers);
        var order = Guid.NewGuid();

        await using var connection = new NpgsqlConnection(_infrastructure.Postgres);
        await connection.OpenAsync();
        await using var hold = await connection.BeginTransactionAsync();
        var table = $"{_infrastructure.Schema}.mt_doc_callbackstate";
        await using (var lockTable = new NpgsqlCommand($"lock table {table} in share row exclusive mode", connection, hold))
            await lockTable.ExecuteNonQueryAsync();

        var completedAt = clock.GetUtcNow() - TimeSpan.FromHours(25);
        await host.Services.GetRequiredService<IBus>().Publish(
            new OrderCompleted(order, completedAt, 1, "complaint", "complaint", "billing", false, "A", "replied", 1));
        await Eventually.True(async () => await InsertsWaitingOn(table), "the completion's save waiting on the locked table");

        Assert.Empty(timers.About(order));

        await hold.RollbackAsync();
        await Eventually.True(async () => (await Events(store, order)).OfType<CallbackOverdue>().Any(), "the breach of the callback");
        var task = await Eventually.Get(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<CallbackState>(order) is { DueTokenId: null } s ? s : null;
        }, "the timer consumed");
        Assert.Equal("open", task.Status);
        Assert.Single((await Events(store, order)).OfType<CallbackOverdue>());
    }

    private async Task<bool> InsertsWaitingOn(string table)
    {
        await using var connection = new NpgsqlConnection(_infrastructure.Postgres);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand("select count(*) from pg_locks where relation = @table::regclass and not granted", connection);
        waiting.Parameters.AddWithValue("table", table);
        return (long)(await waiting.ExecuteScalarAsync())! > 0;
    }

    private static async Task<List<object>> Events(IDocumentStore store, Guid order)
    {
        await using var session = store.QuerySession();
        return (await session.Events.FetchStreamAsync(order)).Select(e => e.Data).ToList();
    }

    /// <summary>Every message the service sent toward its due-time timer: to the scheduler, or the timer itself.</summary>
    private sealed class TimerMessages : ISendObserver
    {
        private readonly ConcurrentQueue<object> _sent = new();

        public IEnumerable<object> About(Guid order) => _sent.Where(m => m switch
        {
            CallbackDue due => due.OrderId == order,
            ScheduleMessage schedule => schedule.Payload is CallbackDue due && due.OrderId == order
                                        || schedule.Payload?.ToString()?.Contains(order.ToString(), StringComparison.OrdinalIgnoreCase) == true,
            _ => false,
        });

        public Task PreSend<T>(SendContext<T> context) where T : class
        {
            _sent.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task PostSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;
        public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
