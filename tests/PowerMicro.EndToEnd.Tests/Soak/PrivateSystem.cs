using PowerMicro.EndToEnd.Tests.Rig;
using PowerMicro.Testing.Processes;

namespace PowerMicro.EndToEnd.Tests.Soak;

/// <summary>Two instances of every service on PostgreSQL and RabbitMQ of the test's own, which the soak stops for real.</summary>
public sealed class TwoInstancesOnPrivateServers : EndToEndSystem
{
    public override int Instances => 2;
    public PrivateServers Servers { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        if (SoakSettings.Minutes is null) return; // skipped: start nothing
        Servers = await PrivateServers.StartAsync();
        await base.InitializeAsync();
    }

    protected override SystemServers? OnServers => Servers is null ? null : new SystemServers(Servers.Postgres, Servers.RabbitMq, Servers.RabbitMqManagement);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Servers is not null) await Servers.DisposeAsync();
    }
}
