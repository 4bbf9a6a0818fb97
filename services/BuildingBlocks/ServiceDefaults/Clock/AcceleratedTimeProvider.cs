namespace PowerMicro.ServiceDefaults.Clock;

/// <summary>
/// For demos and end-to-end runs: time that runs <see cref="Speed"/> times faster than real time from a
/// shared <see cref="Epoch"/>, so every process started with the same settings agrees on "now" and a
/// 45-minute deadline passes in 45 seconds at speed 60. Timers created from it are scaled the same way.
/// </summary>
public sealed class AcceleratedTimeProvider(DateTimeOffset epoch, double speed, TimeProvider? real = null) : TimeProvider
{
    private readonly TimeProvider _real = real ?? System;

    public DateTimeOffset Epoch { get; } = epoch;
    public double Speed { get; } = speed > 0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), "Clock speed must be positive.");

    public override DateTimeOffset GetUtcNow()
    {
        var elapsed = _real.GetUtcNow() - Epoch;
        return Epoch + TimeSpan.FromTicks((long)(elapsed.Ticks * Speed));
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks((long)(span.Ticks / Speed));
}
