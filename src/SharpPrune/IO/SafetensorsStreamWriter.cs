using System.Buffers.Binary;
using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// A safetensors file written one tensor at a time, in any order, for outputs larger than memory: the header is fixed up
/// front from every tensor's name, dtype and shape, and each tensor's bytes go to their place as it arrives. The bytes are
/// those <see cref="SafetensorsWriter"/> writes for the same tensors (sorted by name, same header), so a model written
/// layer by layer equals one written whole. The file is written in place: put it in an <see cref="AtomicDirectory"/>.
/// </summary>
public sealed class SafetensorsStreamWriter : IDisposable
{
    readonly string path;
    readonly FileStream stream;
    readonly Dictionary<string, (SafetensorsDType DType, long[] Shape, long Offset)> entries;
    readonly HashSet<string> written = new(StringComparer.Ordinal);

    SafetensorsStreamWriter(string path, FileStream stream, Dictionary<string, (SafetensorsDType, long[], long)> entries) =>
        (this.path, this.stream, this.entries) = (path, stream, entries);

    public static SafetensorsStreamWriter Create(string path, IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Name == sorted[i - 1].Name) throw SharpPruneException.InFile(path, $"cannot write tensor '{sorted[i].Name}' twice");
        }
        var header = SafetensorsWriter.Header(sorted, metadata);
        long dataStart = SafetensorsHeader.PrefixSize + header.Length, offset = dataStart;
        var entries = new Dictionary<string, (SafetensorsDType, long[], long)>(StringComparer.Ordinal);
        foreach (var (name, dtype, shape) in sorted)
        {
            entries[name] = (dtype, shape, offset);
            offset += SafetensorsWriter.ByteLength(dtype, shape);
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot write: {e.Message}");
        }
        Span<byte> prefix = stackalloc byte[SafetensorsHeader.PrefixSize];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        stream.SetLength(offset);
        return new SafetensorsStreamWriter(path, stream, entries);
    }

    public IEnumerable<string> Names => entries.Keys;

    /// <summary>Writes <paramref name="tensor"/>'s bytes in its place; it must have the dtype and shape announced.</summary>
    public void Write(string name, torch.Tensor tensor)
    {
        if (!entries.TryGetValue(name, out var entry)) throw new ArgumentException($"{path}: no tensor '{name}' was announced", nameof(name));
        if (SafetensorsDType.FromScalarType(tensor.dtype) != entry.DType || !tensor.shape.SequenceEqual(entry.Shape))
            throw new ArgumentException($"{path}: tensor '{name}' is {tensor.dtype} [{string.Join(", ", tensor.shape)}], announced as {entry.DType} [{string.Join(", ", entry.Shape)}]");
        if (!written.Add(name)) throw new InvalidOperationException($"{path}: tensor '{name}' written twice");
        stream.Position = entry.Offset;
        SafetensorsWriter.WriteData(stream, tensor);
    }

    /// <summary>Checks every tensor was written and flushes the file to disk.</summary>
    public void Complete()
    {
        var missing = entries.Keys.Where(n => !written.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"{path}: {missing.Count} tensors never written, e.g. '{missing[0]}'");
        stream.Flush(flushToDisk: true);
    }

    public void Dispose() => stream.Dispose();
}
