using Microsoft.AspNetCore.Http;

namespace PowerMicro.ServiceDefaults.Input;

/// <summary>Field errors gathered while reading a request, all reported together (never the rejected values).</summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public IResult Problem(string title = "The request is not valid.") => ApiResults.Invalid(ToDictionary(), title);
}
