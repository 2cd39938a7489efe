using System.Text;

namespace SharpPrune.Export;

/// <summary>
/// Writes a GGUF v3 file (little-endian): header, metadata key/values, tensor infos, then the tensor data, each
/// tensor starting at a multiple of the alignment (<c>general.alignment</c> when the metadata sets it, else 32)
/// from the start of the data section, which itself starts aligned. See ggml's docs/gguf.md for the layout.
/// </summary>
public static class GgufWriter
{
    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;
    public const uint Version = 3;
    public const uint DefaultAlignment = 32;
    public const string AlignmentKey = "general.alignment";

    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, GgufValue>> metadata, IReadOnlyList<GgufTensor> tensors)
    {
        uint alignment = AlignmentOf(metadata);
        var duplicate = tensors.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"tensor {duplicate.Key} given twice");
        var duplicateKey = metadata.GroupBy(kv => kv.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicateKey is not null)
            throw new ArgumentException($"metadata key {duplicateKey.Key} given twice");

        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)value.Type);
            WriteValue(writer, value.Type, value.Value, value.ElementType);
        }

        ulong offset = 0;
        foreach (var tensor in tensors)
        {
            if (tensor.Dims.Count is < 1 or > 4 || tensor.Dims.Any(d => d <= 0))
                throw new ArgumentException($"tensor {tensor.Name}: dimensions [{string.Join(", ", tensor.Dims)}] are not 1 to 4 positive sizes");
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Dims.Count);
            foreach (long d in tensor.Dims) writer.Write((ulong)d);
            writer.Write((uint)tensor.Type);
            writer.Write(offset);
            offset = Align(offset + (ulong)tensor.ByteCount, alignment);
        }
        Pad(writer, alignment);

        foreach (var tensor in tensors)
        {
            byte[] data = tensor.Data();
            if (data.LongLength != tensor.ByteCount)
                throw new ArgumentException($"tensor {tensor.Name}: {data.LongLength} bytes given, its shape and type need {tensor.ByteCount}");
            writer.Write(data);
            Pad(writer, alignment);
        }
        writer.Flush();
    }

    public static ulong Align(ulong offset, uint alignment) => (offset + alignment - 1) / alignment * alignment;

    static uint AlignmentOf(IReadOnlyList<KeyValuePair<string, GgufValue>> metadata)
    {
        var entry = metadata.FirstOrDefault(kv => kv.Key == AlignmentKey);
        if (entry.Key is null)
            return DefaultAlignment;
        if (entry.Value.Type != GgufValueType.UInt32 || entry.Value.Value is not uint a || a == 0 || (a & (a - 1)) != 0)
            throw new ArgumentException($"{AlignmentKey} must be a uint32 power of two");
        return a;
    }

    // Zero bytes up to the next multiple of the alignment, counted from the start of the file: the data section
    // starts aligned, so offsets within it stay aligned in the file too.
    static void Pad(BinaryWriter writer, uint alignment)
    {
        long position = writer.BaseStream.Position;
        long padded = (long)Align((ulong)position, alignment);
        for (long i = position; i < padded; i++) writer.Write((byte)0);
    }

    static void WriteString(BinaryWriter writer, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    static void WriteValue(BinaryWriter writer, GgufValueType type, object value, GgufValueType elementType)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write((byte)value); break;
            case GgufValueType.Int8: writer.Write((sbyte)value); break;
            case GgufValueType.UInt16: writer.Write((ushort)value); break;
            case GgufValueType.Int16: writer.Write((short)value); break;
            case GgufValueType.UInt32: writer.Write((uint)value); break;
            case GgufValueType.Int32: writer.Write((int)value); break;
            case GgufValueType.Float32: writer.Write((float)value); break;
            case GgufValueType.Bool: writer.Write((bool)value ? (byte)1 : (byte)0); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            case GgufValueType.UInt64: writer.Write((ulong)value); break;
            case GgufValueType.Int64: writer.Write((long)value); break;
            case GgufValueType.Float64: writer.Write((double)value); break;
            case GgufValueType.Array:
                if (elementType == GgufValueType.Array)
                    throw new ArgumentException("nested GGUF arrays are not written");
                var items = ((System.Collections.IEnumerable)value).Cast<object>().ToList();
                writer.Write((uint)elementType);
                writer.Write((ulong)items.Count);
                foreach (var item in items) WriteValue(writer, elementType, item, GgufValueType.UInt8);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "unknown GGUF value type");
        }
    }
}
