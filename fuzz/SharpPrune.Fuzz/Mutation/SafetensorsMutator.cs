using System.Buffers.Binary;
using System.Text;

namespace SharpPrune.Fuzz.Mutation;

/// <summary>
/// Edits a safetensors file where its structure lies: the 8-byte header length, and in the header
/// JSON each tensor's dtype, shape and data_offsets, then the data buffer's size. The header length
/// is kept in step with an edited header most of the time, so the edit reaches the header checks.
/// </summary>
public static class SafetensorsMutator
{
    static readonly ulong[] Lengths = [0, 1, 2, 7, 8, 100_000_000, 100_000_001, int.MaxValue, (ulong)int.MaxValue + 1, uint.MaxValue, long.MaxValue, ulong.MaxValue];

    static readonly string[] DTypes = ["\"F64\"", "\"F32\"", "\"F16\"", "\"BF16\"", "\"I64\"", "\"I32\"", "\"I16\"", "\"I8\"", "\"U8\"", "\"BOOL\"",
        "\"F8_E4M3\"", "\"U64\"", "\"f32\"", "\"\"", "\"F32 \"", "32", "null"];

    static readonly string[] Shapes = ["[]", "[0]", "[-1]", "[1]", "[0,9223372036854775807]", "[9223372036854775807]", "[4294967296,4294967296]",
        "[2147483648]", "[3.0]", "[1e3]", "[\"4\"]", "[null]", "[" + string.Join(",", Enumerable.Repeat("1", 100)) + "]", "[2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2]"];

    static readonly string[] Offsets = ["[0,0]", "[0,4]", "[4,0]", "[-1,3]", "[0]", "[0,1,2]", "[]", "[0.5,4]", "[\"0\",\"4\"]",
        "[0,18446744073709551615]", "[0,9223372036854775807]", "[9223372036854775807,9223372036854775807]", "[9223372036854775800,9223372036854775807]"];

    public static byte[] Mutate(byte[] file, Random rng, byte[] splice)
    {
        if (file.Length < 8 || BinaryPrimitives.ReadUInt64LittleEndian(file) is var length && length > (ulong)(file.Length - 8))
        {
            return ByteMutator.Mutate(file, rng, splice);
        }
        var header = file.AsSpan(8, (int)length).ToArray();
        var data = file.AsSpan(8 + (int)length).ToArray();
        switch (rng.Next(6))
        {
            case 0:
                var edited = file.ToArray();
                BinaryPrimitives.WriteUInt64LittleEndian(edited, rng.Next(3) == 0 ? length + (ulong)rng.Next(-2, 3) : Lengths[rng.Next(Lengths.Length)]);
                return edited;
            case 1:
                return Assemble(JsonMutator.Mutate(header, rng, splice), data, rng);
            case 2:
                return Assemble(EditField(header, rng), data, rng);
            case 3:
                // The data buffer cut short or grown: offsets that were exact now miss the end.
                var size = rng.Next(3) == 0 ? data.Length + rng.Next(-8, 9) : rng.Next(data.Length + 1);
                return Assemble(header, data.AsSpan(0, Math.Clamp(size, 0, data.Length)).ToArray().Concat(new byte[Math.Max(0, size - data.Length)]).ToArray(), rng, keepLength: true);
            case 4:
                return [.. file.AsSpan(0, 8), .. ByteMutator.Mutate(header, rng, splice), .. data];
            default:
                return ByteMutator.Mutate(file, rng, splice);
        }
    }

    /// <summary>Replaces one tensor's dtype, shape or data_offsets with an edge case, or shifts an offset slightly.</summary>
    static byte[] EditField(byte[] header, Random rng)
    {
        var fields = JsonSpans.Find(header)
            .Where(s => s.PropertyStart >= 0)
            .Select(s => (Span: s, Name: Encoding.UTF8.GetString(header, s.PropertyStart, s.Start - s.PropertyStart)))
            .Where(f => f.Name.Contains("\"dtype\"") || f.Name.Contains("\"shape\"") || f.Name.Contains("\"data_offsets\""))
            .ToList();
        if (fields.Count == 0)
        {
            return header;
        }
        var (span, name) = fields[rng.Next(fields.Count)];
        var text = name.Contains("dtype") ? DTypes[rng.Next(DTypes.Length)]
            : name.Contains("shape") ? Shapes[rng.Next(Shapes.Length)]
            : rng.Next(2) == 0 ? Offsets[rng.Next(Offsets.Length)]
            : Nudge(Encoding.UTF8.GetString(header, span.Start, span.End - span.Start), rng);
        return JsonMutator.Replace(header, span.Start, span.End, text);
    }

    /// <summary>[begin, end] with one end moved by a few bytes: an overlap, a hole, or one byte past the buffer.</summary>
    static string Nudge(string offsets, Random rng)
    {
        var parts = offsets.Trim('[', ']').Split(',');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var begin) || !long.TryParse(parts[1], out var end))
        {
            return offsets;
        }
        var delta = rng.Next(-4, 5);
        return rng.Next(2) == 0 ? $"[{begin + delta},{end}]" : $"[{begin},{end + delta}]";
    }

    static byte[] Assemble(byte[] header, byte[] data, Random rng, bool keepLength = false)
    {
        var prefix = new byte[8];
        // Now and then leave the length stale, as a tool that edits the header in place might.
        var length = keepLength || rng.Next(8) != 0 ? (ulong)header.Length : (ulong)Math.Max(0, header.Length + rng.Next(-3, 4));
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, length);
        return [.. prefix, .. header, .. data];
    }
}
