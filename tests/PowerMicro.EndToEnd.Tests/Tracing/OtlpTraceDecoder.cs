using Google.Protobuf;

namespace PowerMicro.EndToEnd.Tests.Tracing;

/// <summary>
/// Decodes an OTLP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1, protobuf) by field number:
/// resource_spans(1) → resource(1).attributes(1), scope_spans(2) → spans(2) → trace_id(1), span_id(2),
/// parent_span_id(4), name(5), kind(6), attributes(9), links(13) → trace_id(1), span_id(2).
/// </summary>
public static class OtlpTraceDecoder
{
    public static List<OtlpSpan> Decode(byte[] request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = "?";
            foreach (var resource in Fields(resourceSpans, 1))
                if (Attributes(resource, 1).TryGetValue("service.name", out var name)) service = name;
            foreach (var scopeSpans in Fields(resourceSpans, 2))
                foreach (var span in Fields(scopeSpans, 2))
                    spans.Add(Span(service, span));
        }
        return spans;
    }

    private static OtlpSpan Span(string service, byte[] span)
    {
        string traceId = "", spanId = "", name = "";
        string? parent = null;
        var kind = 0;
        var links = new List<(string, string)>();
        var input = new CodedInputStream(span);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Hex(input.ReadBytes()); break;
                case 2: spanId = Hex(input.ReadBytes()); break;
                case 4: var p = input.ReadBytes(); parent = p.Length == 0 ? null : Hex(p); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                case 13:
                    var link = input.ReadBytes().ToByteArray();
                    string linkTrace = "", linkSpan = "";
                    var linkInput = new CodedInputStream(link);
                    uint linkTag;
                    while ((linkTag = linkInput.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(linkTag))
                        {
                            case 1: linkTrace = Hex(linkInput.ReadBytes()); break;
                            case 2: linkSpan = Hex(linkInput.ReadBytes()); break;
                            default: linkInput.SkipLastField(); break;
                        }
                    }
                    links.Add((linkTrace, linkSpan));
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new OtlpSpan(service, traceId, spanId, parent, name, kind, Attributes(span, 9), links);
    }

    /// <summary>KeyValue(key 1, AnyValue 2) fields with the given number, values as text (string, bool, int, double).</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in Fields(message, field))
        {
            string? key = null, value = null;
            var input = new CodedInputStream(keyValue);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 1) key = input.ReadString();
                else if (WireFormat.GetTagFieldNumber(tag) == 2) value = AnyValue(input.ReadBytes().ToByteArray());
                else input.SkipLastField();
            }
            if (key is not null) attributes[key] = value ?? "";
        }
        return attributes;
    }

    private static string? AnyValue(byte[] value)
    {
        var input = new CodedInputStream(value);
        var tag = input.ReadTag();
        return WireFormat.GetTagFieldNumber(tag) switch
        {
            1 => input.ReadString(),
            2 => input.ReadBool() ? "true" : "false",
            3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>The bytes of every length-delimited field <paramref name="field"/> of a message.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int field)
    {
        var input = new CodedInputStream(message);
        var found = new List<byte[]>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else input.SkipLastField();
        }
        return found;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
