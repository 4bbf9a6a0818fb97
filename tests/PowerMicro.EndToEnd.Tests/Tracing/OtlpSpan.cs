namespace PowerMicro.EndToEnd.Tests.Tracing;

/// <summary>One exported span as the OTLP receiver decoded it: ids in lower-case hex, string-valued attributes.</summary>
public sealed record OtlpSpan(
    string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}
