using SharpPrune.IO;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Streaming;

/// <summary>
/// Writes a model built in the test as a Hugging Face folder in a chosen dtype, in one file or several shards, written here
/// with the plain writer (not the code under test's save path), with stories260K's tokenizer (vocabulary 512, the tiny
/// models' size) so calibration and evaluation can read text.
/// </summary>
internal static class ModelFolder
{
    public static string Write(CausalLM model, string directory, SafetensorsDType dtype, int shards)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), model.Config.Raw.ToJsonString());
        foreach (var file in new[] { "tokenizer.json", "tokenizer.model", "tokenizer_config.json", "special_tokens_map.json" })
        {
            string source = Path.Combine(TinyModels.StoriesDir, file);
            if (File.Exists(source)) File.Copy(source, Path.Combine(directory, file));
        }
        using var scope = NewDisposeScope();
        var tensors = model.named_parameters()
            .Select(p => (p.name, (model.StoredTransposed(p.name) ? p.parameter.detach().t() : p.parameter.detach()).to_type(dtype.ScalarType).contiguous()))
            .ToList();
        var shardOf = shards == 1 ? null
            : tensors.Select((t, i) => (t.name, i)).ToDictionary(p => p.name, p => $"model-{p.i % shards + 1:00000}-of-{shards:00000}.safetensors");
        CheckpointWriter.Write(directory, tensors, shardOf);
        return directory;
    }

    /// <summary>Every file of a folder by name with its bytes.</summary>
    public static Dictionary<string, byte[]> Files(string directory) =>
        Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
