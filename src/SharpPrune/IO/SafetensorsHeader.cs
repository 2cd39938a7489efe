using System.Buffers.Binary;
using System.Text.Json;

namespace SharpPrune.IO;

/// <summary>
/// The parsed and validated header of a safetensors file: an 8-byte little-endian length N, then N
/// bytes of UTF-8 JSON mapping tensor names to dtype, shape and data offsets (plus an optional
/// "__metadata__" object of strings), then the data buffer. Pure: it never touches the file itself,
/// so every check here can be tested on crafted bytes.
/// </summary>
public sealed class SafetensorsHeader
{
    public const int PrefixSize = 8;

    /// <summary>The same cap as the reference implementation; it keeps a hostile length from making us allocate.</summary>
    public const long MaxHeaderLength = 100_000_000;

    const string MetadataKey = "__metadata__";

    readonly Dictionary<string, SafetensorsTensorInfo> tensors;

    SafetensorsHeader(string path, List<string> names, Dictionary<string, SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        Names = names;
        this.tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file the header came from, for messages.</summary>
    public string Path { get; }

    /// <summary>Tensor names in the order the header lists them.</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public bool Contains(string name) => tensors.ContainsKey(name);

    public SafetensorsTensorInfo Info(string name) =>
        tensors.TryGetValue(name, out var info) ? info : throw SharpPruneException.InFile(Path, $"no tensor named '{name}'");

    /// <summary>
    /// Reads the header length from the first bytes of a file of <paramref name="fileLength"/> bytes,
    /// checking it fits in the file and under <see cref="MaxHeaderLength"/> before anyone allocates it.
    /// </summary>
    public static int ParseLength(string path, ReadOnlySpan<byte> prefix, long fileLength)
    {
        if (fileLength < PrefixSize || prefix.Length < PrefixSize)
        {
            throw SharpPruneException.InFile(path, $"not a safetensors file: {fileLength} bytes is shorter than the 8-byte header length");
        }
        var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > (ulong)(fileLength - PrefixSize))
        {
            throw SharpPruneException.InFile(path, $"header length {length} is larger than the file ({fileLength} bytes)");
        }
        if (length > MaxHeaderLength)
        {
            throw SharpPruneException.InFile(path, $"header length {length} exceeds the {MaxHeaderLength}-byte limit");
        }
        return (int)length;
    }

    /// <summary>Parses the header JSON and checks it against a data buffer of <paramref name="dataLength"/> bytes.</summary>
    public static SafetensorsHeader Parse(string path, ReadOnlyMemory<byte> json, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"header is not valid JSON: {e.Message}");
        }
        using (document)
        {
            JsonUnicode.Check(path, document.RootElement);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SharpPruneException.InFile(path, $"header is a JSON {document.RootElement.ValueKind}, not an object");
            }
            var names = new List<string>();
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var sawMetadata = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (sawMetadata)
                    {
                        throw SharpPruneException.InFile(path, $"header has \"{MetadataKey}\" twice");
                    }
                    sawMetadata = true;
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }
                if (tensors.ContainsKey(property.Name))
                {
                    throw SharpPruneException.InFile(path, $"header lists tensor '{property.Name}' twice");
                }
                tensors.Add(property.Name, ReadTensor(path, property.Name, property.Value));
                names.Add(property.Name);
            }
            CheckLayout(path, tensors, dataLength);
            return new SafetensorsHeader(path, names, tensors, metadata);
        }
    }

    static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SharpPruneException.InFile(path, $"\"{MetadataKey}\" is a JSON {value.ValueKind}, not an object of strings");
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw SharpPruneException.InFile(path, $"\"{MetadataKey}\" entry '{entry.Name}' is a JSON {entry.Value.ValueKind}, not a string");
            }
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw SharpPruneException.InFile(path, $"\"{MetadataKey}\" has key '{entry.Name}' twice");
            }
        }
    }

    static SafetensorsTensorInfo ReadTensor(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SharpPruneException.InFile(path, $"tensor '{name}': entry is a JSON {value.ValueKind}, not an object");
        }
        var dtypeName = Field(path, name, value, "dtype", JsonValueKind.String).GetString()!;
        var dtype = SafetensorsDType.FromName(dtypeName)
            ?? throw SharpPruneException.InFile(path, $"tensor '{name}': unknown dtype \"{dtypeName}\"");
        var shape = Field(path, name, value, "shape", JsonValueKind.Array).EnumerateArray()
            .Select(dim => NonNegativeInteger(path, name, "shape", dim))
            .ToArray();
        var offsets = Field(path, name, value, "data_offsets", JsonValueKind.Array).EnumerateArray()
            .Select(offset => NonNegativeInteger(path, name, "data_offsets", offset))
            .ToArray();
        if (offsets.Length != 2)
        {
            throw SharpPruneException.InFile(path, $"tensor '{name}': data_offsets has {offsets.Length} values, not [begin, end]");
        }
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
        {
            throw SharpPruneException.InFile(path, $"tensor '{name}': data_offsets begin {begin} is after end {end}");
        }
        // Zero dims are left out of the check: libtorch computes strides from the other dims even for an empty
        // tensor, and fails natively when they overflow, so [0, 2^62, 2^62] is as unaddressable as [2^62, 2^62].
        var expected = ByteLength(dtype, shape.Where(dim => dim != 0)) is null ? null : ByteLength(dtype, shape);
        if (expected is null)
        {
            throw SharpPruneException.InFile(path, $"tensor '{name}': shape {FormatShape(shape)} is too large to address");
        }
        if (end - begin != expected.Value)
        {
            throw SharpPruneException.InFile(path,
                $"tensor '{name}': data_offsets span {end - begin} bytes but {dtype} shape {FormatShape(shape)} needs {expected}");
        }
        return new SafetensorsTensorInfo(dtype, shape, begin, end);
    }

    /// <summary>Bytes a tensor of this dtype and shape occupies, or null when that overflows a long.</summary>
    public static long? ByteLength(SafetensorsDType dtype, IEnumerable<long> shape)
    {
        try
        {
            return checked(shape.Aggregate(1L, (product, dim) => product * dim) * dtype.ElementSize);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static string FormatShape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    static JsonElement Field(string path, string name, JsonElement entry, string field, JsonValueKind kind)
    {
        if (!entry.TryGetProperty(field, out var value))
        {
            throw SharpPruneException.InFile(path, $"tensor '{name}': missing \"{field}\"");
        }
        if (value.ValueKind != kind)
        {
            throw SharpPruneException.InFile(path, $"tensor '{name}': \"{field}\" is a JSON {value.ValueKind}, not {kind}");
        }
        return value;
    }

    static long NonNegativeInteger(string path, string name, string field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0)
        {
            return number;
        }
        throw SharpPruneException.InFile(path, $"tensor '{name}': \"{field}\" holds {value.GetRawText()}, not a non-negative integer");
    }

    /// <summary>
    /// The format requires the tensors to tile the data buffer exactly: in offset order, each starts
    /// where the previous ended, and the last ends at the end of the file. Anything else is either an
    /// overlap (two tensors sharing bytes), a hole, or a range past the end.
    /// </summary>
    static void CheckLayout(string path, Dictionary<string, SafetensorsTensorInfo> tensors, long dataLength)
    {
        var position = 0L;
        var previous = "";
        foreach (var (name, info) in tensors.OrderBy(t => t.Value.Begin).ThenBy(t => t.Value.End))
        {
            if (info.End > dataLength)
            {
                throw SharpPruneException.InFile(path,
                    $"tensor '{name}': data_offsets [{info.Begin}, {info.End}] run past the end of the {dataLength}-byte data buffer");
            }
            if (info.Begin < position)
            {
                throw SharpPruneException.InFile(path, $"tensor '{name}': data_offsets [{info.Begin}, {info.End}] overlap tensor '{previous}'");
            }
            if (info.Begin > position)
            {
                throw SharpPruneException.InFile(path, $"data buffer has a hole: bytes [{position}, {info.Begin}) belong to no tensor");
            }
            position = info.End;
            previous = name;
        }
        if (position != dataLength)
        {
            throw SharpPruneException.InFile(path, $"data buffer has a hole: bytes [{position}, {dataLength}) at the end belong to no tensor");
        }
    }
}
