using System.Text;

namespace SharpPrune.Export;

/// <summary>
/// The header, metadata and tensor infos of a GGUF file, read without loading the tensor data. Every count,
/// length and offset is checked against the file's size, so a damaged or hostile file is refused by name.
/// </summary>
public sealed class GgufFile
{
    public required string Path { get; init; }
    public required uint Version { get; init; }
    public required IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; init; }
    public required IReadOnlyList<GgufTensorInfo> Tensors { get; init; }
    public required uint Alignment { get; init; }
    /// <summary>Where the data section starts in the file; tensor offsets count from here.</summary>
    public required long DataOffset { get; init; }

    public GgufValue? this[string key] => Metadata.FirstOrDefault(kv => kv.Key == key).Value;

    public GgufTensorInfo Tensor(string name) =>
        Tensors.FirstOrDefault(t => t.Name == name) ?? throw SharpPruneException.InFile(Path, $"no tensor {name}");

    /// <summary>The bytes of one tensor.</summary>
    public byte[] ReadData(GgufTensorInfo tensor)
    {
        using var stream = File.OpenRead(Path);
        stream.Position = DataOffset + (long)tensor.Offset;
        var data = new byte[tensor.ByteCount];
        stream.ReadExactly(data);
        return data;
    }

    public static GgufFile Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or DecoderFallbackException or InvalidCastException)
        {
            throw SharpPruneException.InFile(path, $"not a valid GGUF file: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot read: {e.Message}");
        }
    }

    static GgufFile Read(Stream stream, string path)
    {
        var reader = new BinaryReader(stream, StrictUtf8, leaveOpen: true);
        if (stream.Length < 24 || reader.ReadUInt32() != GgufWriter.Magic)
            throw SharpPruneException.InFile(path, "not a GGUF file (no GGUF magic)");
        uint version = reader.ReadUInt32();
        if (version is < 2 or > 3)
            throw SharpPruneException.InFile(path, $"GGUF version {version} is not 2 or 3");
        ulong tensorCount = reader.ReadUInt64(), kvCount = reader.ReadUInt64();
        // Every entry takes at least 8 bytes (a string length), so counts beyond the file's size are lies.
        if (tensorCount > (ulong)stream.Length / 8 || kvCount > (ulong)stream.Length / 8)
            throw SharpPruneException.InFile(path, $"header claims {tensorCount} tensors and {kvCount} metadata entries, more than the file can hold");

        var metadata = new List<KeyValuePair<string, GgufValue>>();
        for (ulong i = 0; i < kvCount; i++)
        {
            string key = ReadString(reader);
            var type = (GgufValueType)reader.ReadUInt32();
            metadata.Add(new(key, ReadValue(reader, type, path)));
        }
        var alignmentValue = metadata.FirstOrDefault(kv => kv.Key == GgufWriter.AlignmentKey).Value;
        uint alignment = alignmentValue is null ? GgufWriter.DefaultAlignment
            : alignmentValue.Value is uint a && a != 0 && (a & (a - 1)) == 0 ? a
            : throw SharpPruneException.InFile(path, $"{GgufWriter.AlignmentKey} is not a uint32 power of two");

        var tensors = new List<GgufTensorInfo>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            string name = ReadString(reader);
            uint dimCount = reader.ReadUInt32();
            if (dimCount is < 1 or > 4)
                throw SharpPruneException.InFile(path, $"tensor {name} has {dimCount} dimensions (1 to 4 allowed)");
            var dims = new long[dimCount];
            for (int d = 0; d < dimCount; d++)
            {
                ulong size = reader.ReadUInt64();
                if (size == 0 || size > (ulong)stream.Length * 8)
                    throw SharpPruneException.InFile(path, $"tensor {name} has dimension {size}");
                dims[d] = (long)size;
            }
            var type = (GgmlType)reader.ReadUInt32();
            if (!Enum.IsDefined(type))
                throw SharpPruneException.InFile(path, $"tensor {name} has unknown ggml type {(uint)type}");
            tensors.Add(new GgufTensorInfo(name, dims, type, reader.ReadUInt64()));
        }
        long dataOffset = (long)GgufWriter.Align((ulong)stream.Position, alignment);
        foreach (var t in tensors)
        {
            if (t.Offset % alignment != 0)
                throw SharpPruneException.InFile(path, $"tensor {t.Name} at data offset {t.Offset} is not aligned to {alignment}");
            long bytes;
            try { bytes = t.ByteCount; }
            catch (ArgumentException e) { throw SharpPruneException.InFile(path, $"tensor {t.Name}: {e.Message}"); }
            if (t.Offset > (ulong)stream.Length || dataOffset + (long)t.Offset + bytes > stream.Length)
                throw SharpPruneException.InFile(path, $"tensor {t.Name} ({bytes} bytes at data offset {t.Offset}) runs past the end of the file");
        }
        return new GgufFile { Path = path, Version = version, Metadata = metadata, Tensors = tensors, Alignment = alignment, DataOffset = dataOffset };
    }

    static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    static string ReadString(BinaryReader reader)
    {
        ulong length = reader.ReadUInt64();
        if (length > (ulong)(reader.BaseStream.Length - reader.BaseStream.Position))
            throw new EndOfStreamException($"string of {length} bytes runs past the end of the file");
        return StrictUtf8.GetString(reader.ReadBytes((int)length));
    }

    static GgufValue ReadValue(BinaryReader reader, GgufValueType type, string path)
    {
        if (type == GgufValueType.Array)
        {
            var elementType = (GgufValueType)reader.ReadUInt32();
            ulong count = reader.ReadUInt64();
            if (elementType == GgufValueType.Array || !Enum.IsDefined(elementType))
                throw SharpPruneException.InFile(path, $"array of element type {(uint)elementType} is not supported");
            if (count > (ulong)(reader.BaseStream.Length - reader.BaseStream.Position))
                throw new EndOfStreamException($"array of {count} elements runs past the end of the file");
            var items = new List<object>((int)count);
            for (ulong i = 0; i < count; i++) items.Add(ReadScalar(reader, elementType, path));
            return new GgufValue(GgufValueType.Array, items, elementType);
        }
        return new GgufValue(type, ReadScalar(reader, type, path));
    }

    static object ReadScalar(BinaryReader reader, GgufValueType type, string path) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => reader.ReadByte() switch { 0 => false, 1 => true, var b => throw SharpPruneException.InFile(path, $"bool value {b}") },
        GgufValueType.String => ReadString(reader),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        _ => throw SharpPruneException.InFile(path, $"unknown metadata value type {(uint)type}"),
    };
}
