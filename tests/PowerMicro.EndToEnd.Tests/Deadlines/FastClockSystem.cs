using System.Globalization;
using PowerMicro.EndToEnd.Tests.Rig;

namespace PowerMicro.EndToEnd.Tests.Deadlines;

/// <summary>
/// Two instances of every service on a clock 600 times faster than real time (ServiceDefaults/Clock: a 45-minute
/// arrival promise passes in 4.5 s, the 3-hour restoration promise in 18 s), with the promises that are
/// configuration shortened: complaint contact 30 min, replies 1 h, callback due 30 min after completion.
/// </summary>
public sealed class TwoInstancesOnAFastClock : EndToEndSystem
{
    public const double Speed = 600;
    public override int Instances => 2;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Clock__Speed"] = Speed.ToString(CultureInfo.InvariantCulture),
        ["Clock__Epoch"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["Complaints__Deadlines__Contact"] = "00:30:00",
        ["Complaints__Deadlines__ComplaintReply"] = "01:00:00",
        ["Complaints__Deadlines__ReportReply"] = "01:00:00",
        ["Callbacks__DueAfter"] = "00:30:00",
        ["Callbacks__RetryAfter"] = "00:01:00",
        // Its timer runs on the fast clock too: keep it at about one look every 5 real seconds.
        ["Messaging__ErrorQueues__PollInterval"] = "00:50:00",
    };
}
