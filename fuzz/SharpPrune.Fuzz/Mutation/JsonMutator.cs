using System.Text;
using System.Text.Json;

namespace SharpPrune.Fuzz.Mutation;

/// <summary>
/// Edits JSON text where a value or member lies: numbers at the edges of every integer and float
/// type, type swaps, members deleted or repeated, deep nesting, long strings and unicode that
/// UTF-16 cannot hold. The result is usually still JSON, so it reaches the parser's own checks
/// rather than stopping at the JSON reader.
/// </summary>
public static class JsonMutator
{
    static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "3", "7", "64", "1.5", "-1.5", "0.5", "1e308", "-1e308", "1e400", "1e-400", "5e-324",
        "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "100000000", "1000000000000",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999999999999999999", "1E5", "1.0", "0.0000001",
    ];

    static readonly string[] Values =
    [
        "null", "true", "false", "\"\"", "[]", "{}", "[0]", "[null]", "[[]]", "{\"\":0}", "\"x\"", "\"0\"", "\"1e5\"", "\"-1\"",
        "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud83d\"", "\"\\u0000\"", "\"\\uffff\"", "\"\u202e\u200b\"", "\"\u2581\"", "\"e\u0301\"",
        "\"../x\"", "\"/etc/passwd\"", "\"a b\"", "\"a b c\"", "\"(a+)+$\"", "\"[\"", "\"(?<\"", "\".*\"", "\"\\\\\"",
        "\"Sequence\"", "\"ByteLevel\"", "\"Split\"", "\"Metaspace\"", "\"BPE\"", "\"llama\"", "\"gpt2\"", "\"gpt_neox\"", "\"llama3\"",
    ];

    public static byte[] Mutate(byte[] json, Random rng, byte[] splice)
    {
        var spans = JsonSpans.Find(json);
        if (spans.Count == 0)
        {
            return ByteMutator.Mutate(json, rng, splice);
        }
        var span = spans[rng.Next(spans.Count)];
        var value = Encoding.UTF8.GetString(json, span.Start, span.End - span.Start);
        return rng.Next(10) switch
        {
            0 => Replace(json, span.Start, span.End, Numbers[rng.Next(Numbers.Length)]),
            1 => Replace(json, span.Start, span.End, Values[rng.Next(Values.Length)]),
            2 when span.PropertyStart >= 0 => DeleteMember(json, span),
            3 when span.PropertyStart >= 0 => Replace(json, span.End, span.End,
                "," + Encoding.UTF8.GetString(json, span.PropertyStart, span.End - span.PropertyStart)),
            4 when span.PropertyStart >= 0 => RenameMember(json, span, spans, rng),
            5 => Replace(json, span.Start, span.End, Nest(rng, value)),
            6 => Replace(json, span.Start, span.End, LongString(rng)),
            7 when span.Kind == JsonTokenType.String => Replace(json, span.End - 1, span.End - 1, OddText(rng)),
            8 when span.Kind is JsonTokenType.StartArray or JsonTokenType.StartObject => Replace(json, span.Start, span.End, Repeat(value, rng)),
            // Another value from this document or a seed: realistic but in the wrong place.
            _ => Replace(json, span.Start, span.End, Donor(rng, spans, json, splice)),
        };
    }

    /// <summary>Bytes with [start, end) replaced by text.</summary>
    public static byte[] Replace(byte[] json, int start, int end, string text) =>
        [.. json.AsSpan(0, start), .. Encoding.UTF8.GetBytes(text), .. json.AsSpan(end)];

    static byte[] DeleteMember(byte[] json, JsonSpan member)
    {
        var (start, end) = (member.PropertyStart, member.End);
        // Take the comma after the member, or else the one before it, so the rest stays valid.
        var after = end;
        while (after < json.Length && char.IsWhiteSpace((char)json[after])) after++;
        if (after < json.Length && json[after] == ',')
        {
            return Replace(json, start, after + 1, "");
        }
        var before = start - 1;
        while (before >= 0 && char.IsWhiteSpace((char)json[before])) before--;
        return before >= 0 && json[before] == ',' ? Replace(json, before, end, "") : Replace(json, start, end, "");
    }

    static byte[] RenameMember(byte[] json, JsonSpan member, List<JsonSpan> spans, Random rng)
    {
        var names = spans.Where(s => s.PropertyStart >= 0).ToList();
        var donor = names[rng.Next(names.Count)];
        var name = NameSpan(json, donor);
        var (start, end) = NameSpan(json, member);
        return Replace(json, start, end, Encoding.UTF8.GetString(json, name.Start, name.End - name.Start));
    }

    /// <summary>The quoted name of a member: from its opening quote to the closing quote before the colon.</summary>
    static (int Start, int End) NameSpan(byte[] json, JsonSpan member)
    {
        var colon = Array.LastIndexOf(json, (byte)':', member.Start - 1, member.Start - member.PropertyStart);
        var end = colon;
        while (end > member.PropertyStart && json[end - 1] != '"') end--;
        return (member.PropertyStart, Math.Max(end, member.PropertyStart));
    }

    static string Nest(Random rng, string value)
    {
        int[] depths = [63, 64, 65, 200, 1000, 20_000];
        var depth = depths[rng.Next(depths.Length)];
        return rng.Next(2) == 0
            ? new string('[', depth) + value + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + value + new string('}', depth);
    }

    static string LongString(Random rng)
    {
        int[] lengths = [256, 4096, 65_536, 1_000_000];
        var text = new string("a▁\u00e9 "[rng.Next(4)], lengths[rng.Next(lengths.Length)]);
        return JsonSerializer.Serialize(text);
    }

    static string OddText(Random rng)
    {
        string[] odd = ["\\ud800", "\\udfff", "\\u0000", "\u202e", "\ufeff", "\uffff", "\u2581", "\\n", "\\\"", " ", "\U0001F600", "\u0301"];
        return odd[rng.Next(odd.Length)];
    }

    static string Repeat(string value, Random rng)
    {
        // Many copies of a container's members: a large but honest input, which must cost in proportion.
        var inner = value[1..^1].Trim();
        return inner.Length is 0 or > 100_000 ? value : value[0] + string.Join(",", Enumerable.Repeat(inner, 2 + rng.Next(30))) + value[^1];
    }

    static string Donor(Random rng, List<JsonSpan> spans, byte[] json, byte[] splice)
    {
        var (source, sourceSpans) = rng.Next(2) == 0 ? (json, spans) : (splice, JsonSpans.Find(splice));
        if (sourceSpans.Count == 0)
        {
            return Values[rng.Next(Values.Length)];
        }
        var donor = sourceSpans[rng.Next(sourceSpans.Count)];
        return Encoding.UTF8.GetString(source, donor.Start, donor.End - donor.Start);
    }
}
