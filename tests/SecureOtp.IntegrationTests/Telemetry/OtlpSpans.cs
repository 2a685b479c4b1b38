using System.Buffers.Binary;
using System.Text;

namespace SecureOtp.IntegrationTests.Telemetry;

/// <summary>One exported span: the fields the semantic-convention and propagation tests look at.</summary>
public sealed record OtlpSpan(string Scope, string Name, int Kind, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyDictionary<string, object?> Attributes)
{
    public const int ServerKind = 2;
    public const int ClientKind = 3;
}

/// <summary>
/// Reads the spans out of OTLP/HTTP protobuf trace bodies (opentelemetry-proto trace/v1): ExportTraceServiceRequest →
/// resource_spans(1) → scope_spans(2) → scope(1).name(1), spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5),
/// kind(6), attributes(9) → key(1), value(2) → string(1), bool(2), int(3), double(4). The protobuf wire format is small
/// enough to read by hand, which keeps a protobuf library and generated code out of the tests.
/// </summary>
public static class OtlpSpans
{
    public static IEnumerable<OtlpSpan> Read(byte[] exportTraceServiceRequest)
    {
        foreach (var resourceSpans in Fields(exportTraceServiceRequest, 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Fields(s, 1).Select(Text).FirstOrDefault()).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return ReadSpan(scope, span);
                }
            }
        }
    }

    private static OtlpSpan ReadSpan(string scope, byte[] span)
    {
        var attributes = new Dictionary<string, object?>();
        foreach (var keyValue in Fields(span, 9))
        {
            var key = Text(Fields(keyValue, 1).Single());
            attributes[key] = Fields(keyValue, 2).Select(AnyValue).FirstOrDefault();
        }

        return new OtlpSpan(scope, Fields(span, 5).Select(Text).SingleOrDefault() ?? "", (int)Varints(span, 6).SingleOrDefault(),
            Hex(span, 1), Hex(span, 2), Hex(span, 4), attributes);
    }

    private static object? AnyValue(byte[] value)
    {
        foreach (var (field, wireType, payload, number) in Walk(value))
        {
            return (field, wireType) switch
            {
                (1, 2) => Encoding.UTF8.GetString(payload),
                (2, 0) => number != 0,
                (3, 0) => (long)number,
                (4, 1) => BitConverter.UInt64BitsToDouble(number),
                _ => null,
            };
        }

        return null;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static string Hex(byte[] message, int field) => Convert.ToHexStringLower(Fields(message, field).SingleOrDefault() ?? []);

    private static IEnumerable<byte[]> Fields(byte[] message, int field) =>
        Walk(message).Where(f => f.Field == field && f.WireType == 2).Select(f => f.Payload);

    private static IEnumerable<ulong> Varints(byte[] message, int field) =>
        Walk(message).Where(f => f.Field == field && f.WireType == 0).Select(f => f.Number);

    /// <summary>Every top-level field of a message: length-delimited ones with their bytes, numeric ones with their value.</summary>
    private static IEnumerable<(int Field, int WireType, byte[] Payload, ulong Number)> Walk(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var tag = Varint(message, ref at);
            var (field, wireType) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wireType)
            {
                case 0:
                    yield return (field, wireType, [], Varint(message, ref at));
                    break;
                case 1:
                    yield return (field, wireType, [], BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(at, 8)));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    yield return (field, wireType, message[at..(at + length)], 0);
                    at += length;
                    break;
                case 5:
                    yield return (field, wireType, [], BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at, 4)));
                    at += 4;
                    break;
                default:
                    throw new FormatException($"protobuf wire type {wireType} at byte {at}");
            }
        }
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
