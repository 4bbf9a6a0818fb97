namespace PowerMicro.Durable.Resilience;

/// <summary>How long a message that failed waits before it is tried again.</summary>
public static class RetryIntervals
{
    /// <summary>
    /// For passing failures: 100 ms doubling up to <paramref name="cap"/>, then every cap, for
    /// <paramref name="total"/> (a day by default): outages of hours end with the message handled, and
    /// after that the message goes to the error queue where the operators' health check shows it.
    /// </summary>
    public static TimeSpan[] UntilItPasses(TimeSpan? cap = null, TimeSpan? total = null)
    {
        var max = cap ?? TimeSpan.FromSeconds(10);
        var budget = total ?? TimeSpan.FromDays(1);
        var intervals = new List<TimeSpan>();
        var next = TimeSpan.FromMilliseconds(100);
        for (var spent = TimeSpan.Zero; spent < budget;)
        {
            intervals.Add(next);
            spent += next;
            next = next * 2 < max ? next * 2 : max;
        }
        return intervals.ToArray();
    }

    /// <summary>For anything else: a few quick tries (a bug that only shows sometimes), then the error queue.</summary>
    public static readonly TimeSpan[] Briefly = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];
}
