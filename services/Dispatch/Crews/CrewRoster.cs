using PowerMicro.Contracts;

namespace PowerMicro.Dispatch.Crews;

/// <summary>A field crew (抢修班组) of the roster: its id (what the crew app sends), name, the areas it serves, and
/// how many open work orders (dispatched or on site) it takes at once.</summary>
public sealed class Crew
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Areas { get; set; } = [];
    public int Capacity { get; set; } = 1;

    public bool Serves(string area) => Areas.Contains(area, StringComparer.Ordinal);
}

/// <summary>The crew roster, configuration section <c>Dispatch:Crews</c> (see the README's dispatch section).</summary>
public sealed class CrewRoster
{
    public const string Section = "Dispatch";

    public List<Crew> Crews { get; set; } = [];

    public Crew? Find(string id) => Crews.FirstOrDefault(c => c.Id == id);

    public IReadOnlyList<Crew> ServingArea(string area) => Crews.Where(c => c.Serves(area)).ToList();

    /// <summary>Fails start-up on a roster that cannot work: ids missing or repeated, unknown areas, capacity below 1.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        foreach (var crew in Crews)
        {
            if (string.IsNullOrWhiteSpace(crew.Id)) problems.Add("a crew has no Id");
            if (string.IsNullOrWhiteSpace(crew.Name)) crew.Name = crew.Id;
            if (crew.Capacity < 1) problems.Add($"crew {crew.Id}: Capacity must be at least 1");
            if (crew.Areas.Count == 0) problems.Add($"crew {crew.Id}: no Areas");
            problems.AddRange(crew.Areas.Where(a => !OrderKinds.Areas.Contains(a))
                .Select(a => $"crew {crew.Id}: unknown area '{a}' (urban, rural, remote)"));
        }
        problems.AddRange(Crews.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => $"crew id {g.Key} appears twice"));
        if (problems.Count > 0)
            throw new InvalidOperationException("Dispatch:Crews is not a usable roster: " + string.Join("; ", problems));
    }
}
