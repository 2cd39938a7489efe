using System.Buffers.Binary;

namespace SharpPrune.Fuzz.Mutation;

/// <summary>
/// Edits a GGUF file where its structure lies: the header's counts, every string length, value type, array
/// element type and count, and each tensor info's dimension count, dimensions, type and data offset. The fields
/// are found by walking the file as the format lays it out (as far as it still parses), so an edit lands on a
/// number the reader trusts rather than inside a string or the tensor data.
/// </summary>
public static class GgufMutator
{
    static readonly ulong[] Edges = [0, 1, 2, 3, 4, 5, 31, 32, 33, 255, 256, 65_535, 65_536, int.MaxValue, (ulong)int.MaxValue + 1,
        uint.MaxValue, (ulong)uint.MaxValue + 1, 1UL << 40, long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue - 1, ulong.MaxValue];

    /// <summary>Where a number lies in the file and how wide it is (4 or 8 bytes).</summary>
    readonly record struct Field(int Offset, int Width);

    public static byte[] Mutate(byte[] file, Random rng, byte[] splice)
    {
        var fields = Fields(file);
        if (fields.Count == 0 || rng.Next(6) == 0)
        {
            return ByteMutator.Mutate(file, rng, splice);
        }
        var edited = file.ToArray();
        var field = fields[rng.Next(fields.Count)];
        var span = edited.AsSpan(field.Offset, field.Width);
        ulong old = field.Width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);
        ulong value = rng.Next(3) == 0 ? old + (ulong)rng.Next(-8, 9) : Edges[rng.Next(Edges.Length)];
        if (field.Width == 4) BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value);
        else BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        if (rng.Next(4) == 0)
        {
            // The data section cut short or grown: tensors that fitted now miss the end.
            int size = Math.Max(0, edited.Length + rng.Next(-64, 65));
            Array.Resize(ref edited, rng.Next(2) == 0 ? size : rng.Next(edited.Length + 1));
        }
        return edited;
    }

    /// <summary>The numeric fields of the file's header, metadata and tensor infos, in file order, up to where it stops parsing.</summary>
    static List<Field> Fields(byte[] file)
    {
        var fields = new List<Field>();
        int at = 0;
        bool Take(int width)
        {
            if (at + width > file.Length) return false;
            fields.Add(new Field(at, width));
            at += width;
            return true;
        }
        ulong Read(int width) => width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at - 4)) : BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at - 8));
        bool String()
        {
            if (!Take(8)) return false;
            ulong length = Read(8);
            if (length > (ulong)(file.Length - at)) return false;
            at += (int)length;
            return true;
        }
        bool Value(uint type, bool record)
        {
            int width = type switch { 0 or 1 or 7 => 1, 2 or 3 => 2, 4 or 5 or 6 => 4, 10 or 11 or 12 => 8, _ => -1 };
            if (type == 8) return record ? String() : Skip(8, true);
            if (width < 0 || at + width > file.Length) return false;
            if (record && width >= 4) fields.Add(new Field(at, width));
            at += width;
            return true;
        }
        // Array elements after the first few are skipped: a vocabulary's thousands of strings would drown the header's fields.
        bool Skip(int lengthWidth, bool isString)
        {
            if (at + lengthWidth > file.Length) return false;
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at));
            at += lengthWidth;
            if (length > (ulong)(file.Length - at)) return false;
            at += (int)length;
            return isString;
        }

        if (!Take(4) || !Take(4) || !Take(8)) return fields;
        ulong tensors = Read(8);
        if (!Take(8)) return fields;
        ulong kvs = Read(8);
        for (ulong i = 0; i < kvs; i++)
        {
            if (!String() || !Take(4)) return fields;
            uint type = (uint)Read(4);
            if (type == 9)
            {
                if (!Take(4)) return fields;
                uint element = (uint)Read(4);
                if (!Take(8)) return fields;
                ulong count = Read(8);
                for (ulong e = 0; e < count; e++)
                    if (!Value(element, record: e < 4)) return fields;
            }
            else if (!Value(type, record: true)) return fields;
        }
        for (ulong t = 0; t < tensors; t++)
        {
            if (!String() || !Take(4)) return fields;
            uint dims = (uint)Read(4);
            for (uint d = 0; d < Math.Min(dims, 4u); d++)
                if (!Take(8)) return fields;
            if (!Take(4) || !Take(8)) return fields;
        }
        return fields;
    }
}
