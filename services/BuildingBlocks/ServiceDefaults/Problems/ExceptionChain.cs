namespace PowerMicro.ServiceDefaults.Problems;

public static class ExceptionChain
{
    /// <summary>Whether the exception or any exception inside it (inner, aggregated) passes the test.</summary>
    public static bool Any(Exception exception, Func<Exception, bool> test)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        for (var seen = 0; pending.Count > 0 && seen < 32; seen++)
        {
            var e = pending.Pop();
            if (test(e)) return true;
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
        return false;
    }
}
