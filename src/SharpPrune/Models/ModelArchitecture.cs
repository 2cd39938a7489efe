using System.Text.Json.Nodes;

namespace SharpPrune.Models;

/// <summary>
/// Everything SharpPrune knows about one model family, kept in the family's folder: which HF <c>model_type</c>s it
/// reads and how (its config keys), how its module is built, its parameter count and per-layer linear shapes for the
/// memory estimate (counted from the config, without building the model), how its config.json is rewritten when
/// structured pruning removes FFN neurons or heads, and the facts other code asks (learned positions, legacy names).
/// The families are listed in <see cref="ModelArchitectures"/>.
/// </summary>
public abstract class ModelArchitecture
{
    public abstract ModelFamily Family { get; }

    /// <summary>The HF <c>model_type</c>s this family reads.</summary>
    public abstract IReadOnlyList<string> ModelTypes { get; }

    /// <summary>The family's config keys, read into a config (common keys: token ids, dtype, per-layer counts, are read after).</summary>
    internal abstract ModelConfig Read(ConfigJson config, string modelType);

    /// <summary>A new module with default-initialised weights.</summary>
    public abstract CausalLM Construct(ModelConfig config);

    /// <summary>Parameters outside the decoder layers: embeddings (positions too, where learned), the final norm and an untied head.</summary>
    public abstract double OuterParameters(ModelConfig config);

    /// <summary>[in, out] of a layer's linears with an MLP of width <paramref name="intermediate"/>, as the family's modules build them.</summary>
    public abstract IReadOnlyList<(double In, double Out)> LayerLinears(ModelConfig config, double intermediate);

    /// <summary>A layer's biases and norm parameters with an MLP of width <paramref name="intermediate"/>.</summary>
    public abstract double LayerVectors(ModelConfig config, double intermediate);

    /// <summary>True when positions are a learned table: a sequence can be no longer than the model's context.</summary>
    public virtual bool LearnedPositions => false;

    /// <summary>True when the family has grouped-query attention, so a layer's KV heads may be fewer than its query heads.</summary>
    public virtual bool GroupedQueryAttention => false;

    /// <summary>
    /// A prefix the family's module names carry that older checkpoints leave off (<paramref name="names"/> are the
    /// checkpoint's tensors), or "" when they use the module's names.
    /// </summary>
    public virtual string OmittedPrefix(IReadOnlySet<string> names) => "";

    /// <summary>Writes the widest MLP width into the family's own key after FFN neurons were removed.</summary>
    public virtual void WriteIntermediateSize(JsonObject raw, int widest) => raw["intermediate_size"] = widest;

    /// <summary>
    /// After head removal left every layer with <paramref name="heads"/> query and <paramref name="kvHeads"/> KV heads: writes
    /// them as the family's plain keys and returns the config with them, or null where the family cannot say so in its
    /// own keys (its head size is hidden_size / heads), so the per-layer counts are saved instead.
    /// </summary>
    public virtual ModelConfig? WithHeadCounts(ModelConfig config, JsonObject raw, int heads, int kvHeads) => null;
}
