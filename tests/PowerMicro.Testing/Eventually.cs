namespace PowerMicro.Testing;

/// <summary>Polls a condition that other processes make true (messages, daemons), failing with a message after a bound.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (value is not null) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? within = null) =>
        await Get<object>(async () => await condition() ? true : null, what, within);

    public static Task True(Func<bool> condition, string what, TimeSpan? within = null) =>
        True(() => Task.FromResult(condition()), what, within);
}
