using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// Writes a model folder's weights in the layout <see cref="CheckpointReader"/> reads: one
/// model.safetensors, or, given a tensor → shard map (typically the one the model was read with),
/// those shard files plus model.safetensors.index.json, so a sharded model is saved back as it came.
/// Each file is written atomically; for an all-or-nothing folder, write into an <see cref="AtomicDirectory"/>.
/// </summary>
public static class CheckpointWriter
{
    static readonly Dictionary<string, string> ShardMetadata = new() { ["format"] = "pt" };

    public static void Write(string folder, IReadOnlyList<(string Name, torch.Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? shardOf = null)
    {
        Directory.CreateDirectory(folder);
        if (shardOf is null)
        {
            SafetensorsWriter.Write(Path.Combine(folder, CheckpointReader.SingleFileName), tensors, ShardMetadata);
            return;
        }
        var indexPath = Path.Combine(folder, CheckpointIndex.FileName);
        var shards = GroupByShard(indexPath, tensors, shardOf);
        foreach (var (shard, members) in shards)
        {
            SafetensorsWriter.Write(Path.Combine(folder, shard), members, ShardMetadata);
        }
        var totalSize = tensors.Sum(t => TensorMemory.ByteLength(t.Tensor));
        AtomicFile.Write(indexPath, stream => WriteIndex(stream, tensors.Select(t => t.Name), shardOf, totalSize));
    }

    /// <summary>
    /// The same layout written one tensor at a time (<see cref="CheckpointStreamWriter"/>), for a model that is never whole in
    /// memory: every tensor's name, dtype and shape are given up front, the bytes as each is ready.
    /// </summary>
    public static CheckpointStreamWriter Begin(string folder, IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape)> tensors,
        IReadOnlyDictionary<string, string>? shardOf = null)
    {
        Directory.CreateDirectory(folder);
        if (shardOf is null)
            return new CheckpointStreamWriter([SafetensorsStreamWriter.Create(Path.Combine(folder, CheckpointReader.SingleFileName), tensors, ShardMetadata)], null);
        var indexPath = Path.Combine(folder, CheckpointIndex.FileName);
        var files = new List<SafetensorsStreamWriter>();
        try
        {
            foreach (var shard in tensors.GroupBy(t => ShardFor(indexPath, t.Name, shardOf)).OrderBy(g => g.Key, StringComparer.Ordinal))
                files.Add(SafetensorsStreamWriter.Create(Path.Combine(folder, shard.Key), shard.ToList(), ShardMetadata));
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
        long totalSize = tensors.Sum(t => SafetensorsWriter.ByteLength(t.DType, t.Shape));
        return new CheckpointStreamWriter(files, () => AtomicFile.Write(indexPath, stream => WriteIndex(stream, tensors.Select(t => t.Name), shardOf, totalSize)));
    }

    static string ShardFor(string indexPath, string name, IReadOnlyDictionary<string, string> shardOf)
    {
        if (!shardOf.TryGetValue(name, out var shard)) throw SharpPruneException.InFile(indexPath, $"no shard given for tensor '{name}'");
        if (!CheckpointIndex.IsPlainFileName(shard) || shard == CheckpointIndex.FileName)
            throw SharpPruneException.InFile(indexPath, $"shard '{shard}' for tensor '{name}' is not a plain file name in the model folder");
        return shard;
    }

    /// <summary>
    /// Checks every tensor has a plain shard file name, a unique name and a storable dtype before
    /// any file is written, so these mistakes never leave a half-written set of shards.
    /// </summary>
    static SortedDictionary<string, List<(string, torch.Tensor)>> GroupByShard(
        string indexPath, IReadOnlyList<(string Name, torch.Tensor Tensor)> tensors, IReadOnlyDictionary<string, string> shardOf)
    {
        var shards = new SortedDictionary<string, List<(string, torch.Tensor)>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (!seen.Add(name))
            {
                throw SharpPruneException.InFile(indexPath, $"cannot write tensor '{name}' twice");
            }
            if (SafetensorsDType.FromScalarType(tensor.dtype) is null)
            {
                throw SharpPruneException.InFile(indexPath, $"cannot write tensor '{name}': dtype {tensor.dtype} is not supported");
            }
            var shard = ShardFor(indexPath, name, shardOf);
            if (!shards.TryGetValue(shard, out var members))
            {
                shards.Add(shard, members = []);
            }
            members.Add((name, tensor));
        }
        return shards;
    }

    /// <summary>Indented like the files transformers writes, with weight_map sorted by tensor name.</summary>
    static void WriteIndex(Stream stream, IEnumerable<string> names, IReadOnlyDictionary<string, string> shardOf, long totalSize)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        json.WriteNumber("total_size", totalSize);
        json.WriteEndObject();
        json.WriteStartObject("weight_map");
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            json.WriteString(name, shardOf[name]);
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
