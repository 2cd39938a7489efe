using SharpPrune.Models;

namespace SharpPrune.Export;

/// <summary>The families exported to GGUF: adding one is its <see cref="GgufMapping"/> and one line here.</summary>
internal static class GgufMappings
{
    static readonly IReadOnlyList<GgufMapping> All = [new LlamaGguf(), new GptNeoXGguf(), new Gpt2Gguf()];

    /// <summary>The mapping of <paramref name="config"/>'s family; one without a mapping is refused by name.</summary>
    public static GgufMapping Of(ModelConfig config, string modelDir) =>
        All.FirstOrDefault(m => m.Family == config.Family)
        ?? throw SharpPruneException.InFile(Path.Combine(modelDir, "config.json"),
            $"model_type {config.ModelType}: GGUF export supports {string.Join(", ", All.Select(m => m.Family))} only");
}
