using SharpPrune.Models;
using SharpPrune.Pruning;

namespace SharpPrune.Memory;

/// <summary>
/// A run's estimated peak memory, by part, from config.json alone, so a run that cannot fit is refused
/// before any weight is read. Every tensor the runs hold is float32 (weights are loaded as float32
/// whatever the checkpoint stores). The parts are the dominant terms, not an allocator trace:
/// <list type="bullet">
/// <item>weights: every parameter; gradients (training passes): as many again;</item>
/// <item>one layer's forward set for b sequences of t tokens: b·t·(2·hidden + (2·heads + 2·kvHeads)·headDim + 3·intermediate)
/// floats — the layer's input and output, q, k, v and the attention output, the MLP's gate, up and their product
/// (attention itself runs fused, with no t² scores);</item>
/// <item>logits: b·t·vocab twice (the logits and their log-softmax); training keeps a third copy, their gradient;</item>
/// <item>backward keeps twice each layer's forward set, for every layer; with per-layer checkpointing (D-Pruner
/// stage 2) only every layer's input and twice one layer's forward set;</item>
/// <item>the layer-wise walker keeps every calibration window's hidden state twice (a layer's inputs and outputs);
/// true-sequential also keeps every window's forward set at once (each batch's forward waits inside the layer);</item>
/// <item>what each walker method holds itself (<see cref="PruningMethod.MemoryParts"/>): a ranking, or SparseGPT's Hessians and solver.</item>
/// </list>
/// </summary>
public sealed record MemoryEstimate(IReadOnlyList<MemoryPart> Parts)
{
    /// <summary>Bytes per float32 value: every tensor the runs hold.</summary>
    public const double Float = 4;

    public double PeakBytes => Parts.Sum(p => p.Bytes);

    /// <summary>"weights 26.8 GB, activations 1.2 GB".</summary>
    public override string ToString() => string.Join(", ", Parts.Select(p => p.ToString()));

    /// <summary>ppl and eval: the weights and one forward of <paramref name="batch"/> sequences of <paramref name="tokens"/>, without gradients.</summary>
    /// <param name="kvCache">Generation keeps every layer's keys and values for the whole sequence.</param>
    public static MemoryEstimate Inference(ModelConfig config, long batch, long tokens, bool kvCache = false)
    {
        var size = ModelSize.Of(config);
        var parts = new List<MemoryPart>
        {
            new("weights", Float * size.Parameters),
            new("activations", LayerForward(config, size, batch, tokens) + 2 * Float * batch * tokens * config.VocabSize),
        };
        if (kvCache) parts.Add(new("KV cache", 2 * Float * size.Layers * batch * tokens * config.NumKvHeads * (double)config.HeadDim));
        return new MemoryEstimate(parts);
    }

    /// <summary>Magnitude pruning: the weights, a mask byte per linear weight, and one ranking (every linear's at once when global).</summary>
    public static MemoryEstimate Magnitude(ModelConfig config, bool global) =>
        Walker(config, new MagnitudePruning(), global ? PruningScope.Global : PruningScope.Matrix, 0, 0, 0);

    /// <summary>Wanda or SparseGPT through the layer-wise walker on <paramref name="samples"/> windows of <paramref name="tokens"/>.</summary>
    public static MemoryEstimate Calibrated(ModelConfig config, string method, long samples, long batch, long tokens, bool trueSequential = false) =>
        Walker(config, PruningMethods.Create(method), PruningMethods.DefaultScope(method), samples, batch, tokens, trueSequential);

    /// <summary>
    /// A walker method: the weights, a mask byte per linear weight, for calibrated methods the walker's activations on
    /// <paramref name="samples"/> windows of <paramref name="tokens"/>, and what the method itself holds.
    /// </summary>
    public static MemoryEstimate Walker(ModelConfig config, PruningMethod method, PruningScope scope, long samples, long batch, long tokens,
        bool trueSequential = false)
    {
        var size = ModelSize.Of(config);
        var parts = new List<MemoryPart> { new("weights", Float * size.Parameters), new("masks", size.LinearWeights) };
        if (method.NeedsCalibration)
            parts.Add(new("activations", 2 * Float * samples * tokens * config.HiddenSize
                + LayerForward(config, size, trueSequential ? samples : Math.Min(batch, samples), tokens)));
        parts.AddRange(method.MemoryParts(size, scope));
        return new MemoryEstimate(parts);
    }

    /// <summary>
    /// D-Pruner: the larger of stage 1 (SparseGPT on the general calibration, plus G) and stage 2 (training on
    /// <paramref name="batch"/> domain examples of <paramref name="domainTokens"/>, with gradients and the three
    /// score buffers G, S and the domain-only S over the linears). The final masking holds less than stage 2.
    /// </summary>
    public static MemoryEstimate DPruner(ModelConfig config, long generalSamples, long generalTokens, long batch, long domainTokens)
    {
        var size = ModelSize.Of(config);
        var stage1 = new MemoryEstimate([.. Walker(config, new SparseGptPruning(), PruningScope.Matrix, generalSamples, batch, generalTokens).Parts, new("importance", Float * size.LinearWeights)]);
        var stage2 = new MemoryEstimate(
        [
            new("weights", Float * size.Parameters),
            new("gradients", Float * size.Parameters),
            new("importance", 3 * Float * size.LinearWeights),
            new("activations", CheckpointedTraining(config, size, batch, domainTokens)),
        ]);
        return stage1.PeakBytes > stage2.PeakBytes ? stage1 : stage2;
    }

    /// <summary>Attribution: a forward and backward of <paramref name="batch"/> sequences of <paramref name="tokens"/>; the parameters get gradients too.</summary>
    public static MemoryEstimate Attribution(ModelConfig config, long batch, long tokens)
    {
        var size = ModelSize.Of(config);
        return new MemoryEstimate(
        [
            new("weights", Float * size.Parameters),
            new("gradients", Float * size.Parameters),
            new("activations", Training(config, size, batch, tokens)),
        ]);
    }

    static double LayerForward(ModelConfig c, ModelSize size, double batch, double tokens) =>
        Float * batch * tokens * (2.0 * c.HiddenSize + (2.0 * c.NumHeads + 2.0 * c.NumKvHeads) * c.HeadDim + 3 * size.MaxIntermediate);

    static double Training(ModelConfig c, ModelSize size, double batch, double tokens) =>
        size.Layers * 2 * LayerForward(c, size, batch, tokens) + 3 * Float * batch * tokens * c.VocabSize;

    static double CheckpointedTraining(ModelConfig c, ModelSize size, double batch, double tokens) =>
        size.Layers * Float * batch * tokens * c.HiddenSize + 2 * LayerForward(c, size, batch, tokens) + 3 * Float * batch * tokens * c.VocabSize;

}
