using PowerMicro.EndToEnd.Tests.Lifecycles;
using PowerMicro.EndToEnd.Tests.Rig;
using Xunit.Abstractions;

namespace PowerMicro.EndToEnd.Tests.Duplicates;

/// <summary>One instance of every service, with every message on its broker delivered a second time (<see cref="MessageDoubler"/>).</summary>
public sealed class OneInstanceEveryMessageTwice : EndToEndSystem
{
    public override int Instances => 1;
    public MessageDoubler Doubler { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Doubler = await MessageDoubler.StartAsync(System.Servers);
    }

    public override string? Observe()
    {
        Assert.True(Doubler.Copies > 0, "the doubler delivered nothing a second time");
        return $"messages delivered a second time so far: {Doubler.Copies} through {Doubler.CopiesByExchange.Count} exchanges";
    }

    public override async Task DisposeAsync()
    {
        if (Doubler is not null) await Doubler.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Every lifecycle while every consumer sees each message twice: the same outcomes, each step once, the checker green.</summary>
public sealed class When_every_message_is_delivered_twice(OneInstanceEveryMessageTwice system, ITestOutputHelper output)
    : Lifecycles<OneInstanceEveryMessageTwice>(system, output), IClassFixture<OneInstanceEveryMessageTwice>;
