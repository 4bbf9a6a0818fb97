using PowerMicro.Testing;

namespace PowerMicro.Intake.Tests;

/// <summary>One running intake per test class, on the class's own schema and virtual host.</summary>
public sealed class IntakeFixture : IsolatedInfrastructure
{
    public TestWebHost Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Host = await IntakeHost.StartAsync(this);
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }
}
