using SharpPrune.Models.Gpt2;
using SharpPrune.Models.GptNeoX;
using SharpPrune.Models.Llama;

namespace SharpPrune.Models;

/// <summary>The model families SharpPrune runs: adding one is its folder (with its <see cref="ModelArchitecture"/>) and one line here.</summary>
public static class ModelArchitectures
{
    public static readonly IReadOnlyList<ModelArchitecture> All = [new LlamaArchitecture(), new GptNeoXArchitecture(), new Gpt2Architecture()];

    /// <summary>The family of <paramref name="family"/>; one without an architecture here is refused by name, never guessed.</summary>
    public static ModelArchitecture Of(ModelFamily family) =>
        All.FirstOrDefault(a => a.Family == family) ?? throw new SharpPruneException($"unsupported model family '{family}'");

    /// <summary>The family reading <paramref name="modelType"/>, or null.</summary>
    public static ModelArchitecture? ForModelType(string modelType) => All.FirstOrDefault(a => a.ModelTypes.Contains(modelType));

    public static IEnumerable<string> ModelTypes => All.SelectMany(a => a.ModelTypes);
}
