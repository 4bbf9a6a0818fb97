using Microsoft.Extensions.Time.Testing;
using PowerMicro.Testing;

namespace PowerMicro.Dispatch.Tests;

/// <summary>
/// One dispatch service (on a fake clock) and one subscriber for a whole test class, on the class's own schema and
/// virtual host. The class's tests share the clock: each works with its own orders and times relative to now.
/// </summary>
public class DispatchFixture : IsolatedInfrastructure
{
    public FakeTimeProvider Clock { get; } = DispatchRig.NewClock();
    public TestWebHost Subscriber { get; private set; } = null!;
    public TestWebHost Dispatch { get; private set; } = null!;

    protected virtual CrewConfig[]? Roster => null;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Subscriber = await DispatchRig.StartSubscriber(this);
        Dispatch = await DispatchRig.StartDispatch(this, Clock, Roster);
    }

    public override async Task DisposeAsync()
    {
        await Dispatch.DisposeAsync();
        await Subscriber.DisposeAsync();
        await base.DisposeAsync();
    }
}
