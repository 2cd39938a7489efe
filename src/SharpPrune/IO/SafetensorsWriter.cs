using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// Writes safetensors files deterministically: tensors sorted by name (ordinal), data packed in
/// that order, compact header JSON with "__metadata__" first, header padded with spaces to a
/// multiple of 8 so the data buffer is 8-byte aligned. The same tensors always give the same bytes.
/// </summary>
public static unsafe class SafetensorsWriter
{
    /// <summary>Largest slice handed to one stream write; spans cannot exceed int.MaxValue bytes.</summary>
    const int ChunkSize = 1 << 30;

    public static void Write(string path, IReadOnlyList<(string Name, torch.Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = Plan(path, tensors);
        var header = Header(entries.Select(e => (e.Name, e.DType, e.Tensor.shape)).ToList(), metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[SafetensorsHeader.PrefixSize];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var (_, tensor, _) in entries)
            {
                WriteData(stream, tensor);
            }
        });
    }

    /// <summary>Checks names and dtypes and sorts, before anything touches the disk.</summary>
    static List<(string Name, torch.Tensor Tensor, SafetensorsDType DType)> Plan(string path, IReadOnlyList<(string Name, torch.Tensor Tensor)> tensors)
    {
        var entries = new List<(string, torch.Tensor, SafetensorsDType)>(tensors.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (name == "__metadata__")
            {
                throw SharpPruneException.InFile(path, "cannot write a tensor named '__metadata__': the format reserves that key");
            }
            if (!seen.Add(name))
            {
                throw SharpPruneException.InFile(path, $"cannot write tensor '{name}' twice");
            }
            var dtype = SafetensorsDType.FromScalarType(tensor.dtype)
                ?? throw SharpPruneException.InFile(path, $"cannot write tensor '{name}': dtype {tensor.dtype} is not supported");
            entries.Add((name, tensor, dtype));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return entries;
    }

    /// <summary>The header of <paramref name="entries"/>, in the order given (sorted by name, for the files this class writes), data packed in that order.</summary>
    internal static byte[] Header(IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape)> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            var offset = 0L;
            foreach (var (name, dtype, shape) in entries)
            {
                var end = offset + ByteLength(dtype, shape);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var dim in shape)
                {
                    json.WriteNumberValue(dim);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        var padding = (8 - (int)(buffer.Length % 8)) % 8;
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }

    internal static long ByteLength(SafetensorsDType dtype, long[] shape) => shape.Aggregate((long)dtype.ElementSize, (a, b) => a * b);

    /// <summary>Streams the tensor's bytes from its native storage, in chunks, so no tensor-sized managed buffer exists.</summary>
    internal static void WriteData(Stream stream, torch.Tensor tensor)
    {
        using var cpu = tensor.cpu();
        using var contiguous = cpu.contiguous();
        var length = TensorMemory.ByteLength(contiguous);
        var start = TensorMemory.Pointer(contiguous);
        for (var done = 0L; done < length; done += ChunkSize)
        {
            stream.Write(new ReadOnlySpan<byte>(start + done, (int)Math.Min(ChunkSize, length - done)));
        }
    }
}
