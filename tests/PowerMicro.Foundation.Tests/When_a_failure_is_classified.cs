using System.Net.Sockets;
using Npgsql;
using PowerMicro.Durable.Resilience;

namespace PowerMicro.Foundation.Tests;

public sealed class When_a_failure_is_classified
{
    [Fact]
    public void A_database_that_cannot_be_reached_is_unavailable_however_deeply_it_is_wrapped()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        Assert.True(PassingFailures.IsUnavailable(refused));
        Assert.True(PassingFailures.IsUnavailable(new InvalidOperationException("outer", new AggregateException(refused))));
        Assert.True(PassingFailures.IsPassing(refused));
        Assert.False(PassingFailures.IsConflict(refused));
    }

    [Fact]
    public void A_concurrent_change_is_a_conflict_and_passes()
    {
        var conflict = new JasperFx.ConcurrencyException(typeof(object), Guid.NewGuid());
        Assert.True(PassingFailures.IsConflict(conflict));
        Assert.False(PassingFailures.IsUnavailable(conflict));
        Assert.True(PassingFailures.IsPassing(new RetryLaterException("the case is not there yet")));
    }

    [Fact]
    public void A_bug_or_bad_data_does_not_pass_by_itself()
    {
        Assert.False(PassingFailures.IsPassing(new InvalidOperationException("no such crew")));
        Assert.False(PassingFailures.IsPassing(new System.Text.Json.JsonException("unreadable")));
        Assert.False(PassingFailures.IsPassing(new ArgumentOutOfRangeException("area")));
    }

    [Fact]
    public void Retries_of_passing_failures_grow_to_the_cap_and_cover_the_budget()
    {
        var intervals = RetryIntervals.UntilItPasses(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromMilliseconds(100), intervals[0]);
        Assert.All(intervals.Zip(intervals.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(TimeSpan.FromSeconds(10), intervals.Max());
        var total = intervals.Aggregate(TimeSpan.Zero, (sum, i) => sum + i);
        Assert.InRange(total, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(10));
    }
}
