using System.Text.Json;

namespace SharpPrune.IO;

/// <summary>
/// A parsed model.safetensors.index.json: which shard file holds each tensor. Shard names come from
/// the file, so they are checked to be plain file names: a hostile index must not be able to make us
/// read "../elsewhere" or "/etc/passwd".
/// </summary>
public sealed class CheckpointIndex
{
    public const string FileName = "model.safetensors.index.json";

    CheckpointIndex(List<string> names, Dictionary<string, string> shardOf)
    {
        Names = names;
        ShardOf = shardOf;
    }

    /// <summary>Tensor names in the order the index lists them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Tensor name → shard file name.</summary>
    public IReadOnlyDictionary<string, string> ShardOf { get; }

    public static CheckpointIndex Parse(string path, ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw SharpPruneException.InFile(path, $"not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            JsonUnicode.Check(path, root);
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("weight_map", out var weightMap)
                || weightMap.ValueKind != JsonValueKind.Object)
            {
                throw SharpPruneException.InFile(path, "expected a JSON object with a \"weight_map\" object");
            }
            var names = new List<string>();
            var shardOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in weightMap.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw SharpPruneException.InFile(path, $"weight_map entry '{entry.Name}' is a JSON {entry.Value.ValueKind}, not a shard file name");
                }
                var shard = entry.Value.GetString()!;
                if (!IsPlainFileName(shard))
                {
                    throw SharpPruneException.InFile(path, $"shard '{shard}' for tensor '{entry.Name}' is not a plain file name in the model folder");
                }
                if (!shardOf.TryAdd(entry.Name, shard))
                {
                    throw SharpPruneException.InFile(path, $"weight_map lists tensor '{entry.Name}' twice");
                }
                names.Add(entry.Name);
            }
            return new CheckpointIndex(names, shardOf);
        }
    }

    /// <summary>True for a name that denotes a file directly inside the folder, on any platform.</summary>
    public static bool IsPlainFileName(string name) =>
        name.Length > 0
        && name != "."
        && name != ".."
        && name.IndexOfAny(['/', '\\', '\0']) < 0
        && !Path.IsPathRooted(name);
}
