using System.Text.Json.Nodes;

namespace SharpPrune.Models;

/// <summary>
/// Everything about a model's shape and options that the forward pass needs, normalised across
/// families and transformers versions. Built by <see cref="ModelConfigReader"/> from config.json.
/// </summary>
public sealed record ModelConfig
{
    public required ModelFamily Family { get; init; }
    /// <summary>The HF <c>model_type</c> as written ("llama", "qwen2", "gpt_neox", ...).</summary>
    public required string ModelType { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumLayers { get; init; }
    public required int NumHeads { get; init; }
    public required int NumKvHeads { get; init; }
    public required int HeadDim { get; init; }
    /// <summary>Leading dimensions of each head that rotary embedding rotates (0 = no rotary).</summary>
    public required int RotaryDim { get; init; }
    public double RopeTheta { get; init; } = 10000;
    public RopeScaling? RopeScaling { get; init; }
    public required int MaxPositions { get; init; }
    public required double NormEps { get; init; }
    /// <summary>HF activation name: silu, gelu, gelu_new, gelu_pytorch_tanh, relu.</summary>
    public required string Activation { get; init; }
    /// <summary>Bias on the q/k/v projections (qkv for fused layouts).</summary>
    public bool QkvBias { get; init; }
    /// <summary>Bias on the attention output projection.</summary>
    public bool OutputBias { get; init; }
    public bool MlpBias { get; init; }
    public bool TieEmbeddings { get; init; }
    /// <summary>GPT-NeoX: attention and MLP read the same input and are added together.</summary>
    public bool ParallelResidual { get; init; }
    /// <summary>Mistral/Qwen2 sliding-window attention span in tokens; null = full causal.</summary>
    public int? SlidingWindow { get; init; }
    public int? BosTokenId { get; init; }
    public int? EosTokenId { get; init; }
    /// <summary>The dtype the checkpoint declares ("float32", "bfloat16", ...), if any.</summary>
    public string? DeclaredDtype { get; init; }
    /// <summary>Per-layer MLP widths when structured pruning made them differ; null = all equal.</summary>
    public IReadOnlyList<int>? LayerIntermediateSizes { get; init; }
    /// <summary>Per-layer query heads when structured pruning made layers differ from <see cref="NumHeads"/>; null = all equal.</summary>
    public IReadOnlyList<int>? LayerHeads { get; init; }
    /// <summary>Per-layer KV heads, present exactly when <see cref="LayerHeads"/> is.</summary>
    public IReadOnlyList<int>? LayerKvHeads { get; init; }

    /// <summary>The config.json object as read, written back on save with only our changes.</summary>
    public JsonObject Raw { get; init; } = new();

    /// <summary>What SharpPrune knows of the family; an unsupported one is refused by name.</summary>
    public ModelArchitecture Architecture => ModelArchitectures.Of(Family);

    public int IntermediateSizeOf(int layer) => LayerIntermediateSizes?[layer] ?? IntermediateSize;

    public int HeadsOf(int layer) => LayerHeads?[layer] ?? NumHeads;

    public int KvHeadsOf(int layer) => LayerKvHeads?[layer] ?? NumKvHeads;
}
