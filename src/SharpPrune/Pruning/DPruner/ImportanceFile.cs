using SharpPrune.IO;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// Importance scores saved as safetensors under the weights' own names ("...q_proj.weight"), float32,
/// so runs can resume and masks can be studied with any safetensors tool.
/// </summary>
public static class ImportanceFile
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> scores, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = NewDisposeScope();
        var tensors = scores.Select(kv => (kv.Key, kv.Value.to_type(ScalarType.Float32).cpu().contiguous())).ToList();
        SafetensorsWriter.Write(path, tensors, metadata);
    }

    /// <summary>Reads scores and checks they cover exactly <paramref name="expected"/> (name → shape).</summary>
    public static Dictionary<string, Tensor> Load(string path, IReadOnlyDictionary<string, long[]> expected, Device device)
    {
        if (!File.Exists(path)) throw SharpPruneException.InFile(path, "importance file not found");
        using var file = SafetensorsFile.Open(path);
        var scores = new Dictionary<string, Tensor>();
        foreach (var (name, shape) in expected)
        {
            if (!file.Contains(name)) throw SharpPruneException.InFile(path, $"has no scores for '{name}'");
            var info = file.Info(name);
            if (!info.Shape.SequenceEqual(shape))
                throw SharpPruneException.InFile(path, $"scores for '{name}' have shape [{string.Join(", ", info.Shape)}], the weight has [{string.Join(", ", shape)}]");
            using var stored = file.Read(name);
            scores[name] = stored.to_type(ScalarType.Float32).to(device).DetachFromDisposeScope();
        }
        return scores;
    }

    public static IReadOnlyDictionary<string, string> Metadata(string path)
    {
        using var file = SafetensorsFile.Open(path);
        return file.Metadata;
    }
}
