using CsCheck;
using PowerMicro.Dispatch.Crews;

namespace PowerMicro.Rules.Tests.Dispatch;

/// <summary>Dispatch's assignment rule (AssignmentRule.cs).</summary>
public sealed class When_a_crew_is_chosen
{
    private static Crew Crew(string id, string name, int capacity, params string[] areas) =>
        new() { Id = id, Name = name, Capacity = capacity, Areas = [.. areas] };

    private static readonly Crew[] Roster =
    [
        Crew("u1", "Urban One", 2, "urban"),
        Crew("u2", "Urban Two", 1, "urban"),
        Crew("r1", "Rural One", 1, "rural", "remote"),
    ];

    [Fact]
    public void The_crew_of_the_area_with_the_least_open_load_takes_it() =>
        Assert.Equal("u2", AssignmentRule.Choose(Roster, "urban", new Dictionary<string, int> { ["u1"] = 1 })?.Id);

    [Fact]
    public void Equal_loads_go_by_name_then_id()
    {
        Assert.Equal("u1", AssignmentRule.Choose(Roster, "urban", new Dictionary<string, int>())?.Id);
        Crew[] twins = [Crew("b", "Same", 1, "urban"), Crew("a", "Same", 1, "urban")];
        Assert.Equal("a", AssignmentRule.Choose(twins, "urban", new Dictionary<string, int>())?.Id);
    }

    [Fact]
    public void A_full_area_or_an_area_nobody_serves_makes_it_wait()
    {
        Assert.Null(AssignmentRule.Choose(Roster, "urban", new Dictionary<string, int> { ["u1"] = 2, ["u2"] = 1 }));
        Assert.Null(AssignmentRule.Choose(Roster[..2], "remote", new Dictionary<string, int>()));
    }

    [Fact]
    public void The_chosen_crew_serves_the_area_has_room_and_no_crew_with_room_has_less_load()
    {
        var areas = new[] { "urban", "rural", "remote" };
        var crews = Gen.Select(Gen.Int[1, 3], Gen.OneOf(areas).Array[1, 3]).Array[0, 8]
            .Select(cs => cs.Select((c, i) => Crew($"c{i}", $"crew {i % 3}", c.Item1, [.. c.Item2.Distinct()])).ToArray());
        Gen.Select(crews, Gen.OneOf(areas), Gen.Int[0, 3].Array[8]).Sample((roster, area, loads) =>
        {
            var load = roster.Select((c, i) => (c.Id, loads[i])).ToDictionary(p => p.Id, p => p.Item2);
            var eligible = roster.Where(c => c.Serves(area) && load[c.Id] < c.Capacity).ToList();
            var chosen = AssignmentRule.Choose(roster, area, load);
            if (eligible.Count == 0)
            {
                Assert.Null(chosen);
                return;
            }
            Assert.NotNull(chosen);
            Assert.Contains(chosen, eligible);
            Assert.Equal(eligible.Min(c => load[c.Id]), load[chosen.Id]);
        });
    }

    [Theory]
    [InlineData(1, "D", 0)]
    [InlineData(1, "A", 0)]
    [InlineData(2, "A", 1)]
    [InlineData(3, "B", 2)]
    public void Level_1_load_waits_first_then_tier_A_then_everyone(int importance, string tier, int urgency) =>
        Assert.Equal(urgency, AssignmentRule.Urgency(importance, tier));

    [Fact]
    public void The_waiting_queue_orders_by_urgency_then_priority_then_receipt()
    {
        var t = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
        var waiting = new[]
        {
            (Name: "late-urgent", Key: AssignmentRule.QueueOrder(0, 3, t.AddMinutes(9))),
            (Name: "vip", Key: AssignmentRule.QueueOrder(1, 1, t)),
            (Name: "safety-early", Key: AssignmentRule.QueueOrder(2, 2, t)),
            (Name: "safety-late", Key: AssignmentRule.QueueOrder(2, 2, t.AddMinutes(1))),
            (Name: "ordinary", Key: AssignmentRule.QueueOrder(2, 3, t)),
        };
        Assert.Equal(waiting.Select(w => w.Name), waiting.Reverse().OrderBy(w => w.Key).Select(w => w.Name));
    }
}
