namespace SharpPrune.Comparison;

/// <summary>
/// A hash of what determines a model's outputs — its safetensors, config.json and tokenizer files — so cached
/// measurements follow the weights, not the folder name, and go stale when the weights change. pruning.json is left
/// out: it records run times that differ between runs with identical weights.
/// </summary>
public static class ModelFingerprint
{
    static readonly string[] Named = ["config.json", "tokenizer.json", "tokenizer.model"];

    public static string Of(string directory)
    {
        var files = Directory.EnumerateFiles(directory)
            .Where(f => Path.GetFileName(f) is var name && (name.EndsWith(".safetensors", StringComparison.Ordinal) || Named.Contains(name)))
            .Order(StringComparer.Ordinal)
            .ToList();
        using var hash = new ContentHash();
        foreach (var file in files) hash.Add(Path.GetFileName(file)).AddFile(file);
        return hash.Finish();
    }

    /// <summary>Bytes of the model's safetensors files: its size on disk.</summary>
    public static long SafetensorsBytes(string directory) =>
        Directory.EnumerateFiles(directory, "*.safetensors").Sum(f => new FileInfo(f).Length);
}
