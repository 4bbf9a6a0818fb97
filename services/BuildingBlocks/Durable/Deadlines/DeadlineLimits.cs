using Microsoft.Extensions.Configuration;

namespace PowerMicro.Durable.Deadlines;

/// <summary>
/// Every limit of a service's deadlines, from configuration section <c>Deadlines</c> (<c>Deadlines:&lt;name&gt;</c> as a
/// TimeSpan, e.g. <c>Deadlines__ArrivalUrban=00:45:00</c>), else the default the service declares (the README's table).
/// </summary>
public sealed class DeadlineLimits
{
    public const string Section = "Deadlines";

    private readonly Dictionary<string, TimeSpan> _limits;

    public DeadlineLimits(IReadOnlyDictionary<string, TimeSpan> defaults, IConfiguration? configuration = null, string? legacySection = null)
    {
        _limits = new Dictionary<string, TimeSpan>(defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var name in defaults.Keys)
        {
            // A section the service read its limits from before (kept working), then Deadlines:<name>.
            foreach (var key in new[] { legacySection is null ? null : $"{legacySection}:{name}", $"{Section}:{name}" })
            {
                if (key is null || configuration?[key] is not { Length: > 0 } text) continue;
                if (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var limit) || limit <= TimeSpan.Zero)
                    throw new InvalidOperationException($"{key} must be a positive TimeSpan (e.g. 00:45:00), not '{text}'.");
                _limits[name] = limit;
            }
        }
    }

    public TimeSpan this[string name] =>
        _limits.TryGetValue(name, out var limit) ? limit : throw new ArgumentOutOfRangeException(nameof(name), name, "no such deadline limit");

    public IReadOnlyDictionary<string, TimeSpan> All => _limits;
}
