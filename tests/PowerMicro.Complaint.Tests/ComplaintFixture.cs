using Microsoft.Extensions.Time.Testing;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

/// <summary>
/// One complaint service (on a fake clock) and one integrator for a whole test class, on the class's own schema and
/// virtual host. The class's tests share the clock: each works with its own orders and times relative to now.
/// </summary>
public sealed class ComplaintFixture : IsolatedInfrastructure
{
    public FakeTimeProvider Clock { get; } = ComplaintRig.NewClock();
    public TestWebHost Subscriber { get; private set; } = null!;
    public TestWebHost Service { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Subscriber = await ComplaintRig.StartSubscriber(this);
        Service = await ComplaintRig.StartService(this, Clock);
    }

    public override async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Subscriber.DisposeAsync();
        await base.DisposeAsync();
    }
}
