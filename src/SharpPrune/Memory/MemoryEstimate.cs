using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Pruning;

namespace SharpPrune.Memory;

/// <summary>
/// A run's estimated peak memory, by part, from config.json (and the checkpoint's dtypes, from the safetensors headers), so a
/// run that cannot fit is refused before any weight is read. Every tensor the runs compute with is float32. The parts are the
/// dominant terms, not an allocator trace:
/// <list type="bullet">
/// <item>weights, by <see cref="WeightResidency"/>: every parameter in float32 (<see cref="WeightResidency.Float32"/>, what
/// training and the gradient methods hold); or the embeddings, norm and head in float32, the decoder layers in their stored
/// dtype and one layer in use in float32 (<see cref="WeightResidency.Stored"/>); or, streamed, one layer in use in float32
/// plus its largest linear as read in its stored dtype — or, in a phase of its own while a pass starts or ends, the
/// embeddings, norm and head in float32 with the head as read, beside only the windows' hidden states (and logits)
/// (<see cref="WeightResidency.Streamed"/>);</item>
/// <item>gradients (training passes): every parameter in float32;</item>
/// <item>one layer's forward set for b sequences of t tokens: b·t·(2·hidden + (2·heads + 2·kvHeads)·headDim + 3·intermediate)
/// floats — the layer's input and output, q, k, v and the attention output, the MLP's gate, up and their product
/// (attention itself runs fused, with no t² scores);</item>
/// <item>logits: b·t·vocab twice (the logits and their log-softmax); training keeps a third copy, their gradient;</item>
/// <item>backward keeps twice each layer's forward set, for every layer; with per-layer checkpointing (D-Pruner
/// stage 2) only every layer's input and twice one layer's forward set;</item>
/// <item>the layer-wise walker keeps every calibration window's hidden state twice (a layer's inputs and outputs);
/// true-sequential also keeps every window's residual stream and MLP product at once (each batch's forward waits inside
/// the layer, its other intermediates freed);
/// its masks are a byte per linear weight, of the whole model when every weight is float32 (D-Pruner and reconstruction keep
/// them all), of one layer otherwise (a pruning run measures each layer's masks and drops them);</item>
/// <item>layer-major (streamed) perplexity keeps one hidden state per window of a pass, and one window's forward set and logits;</item>
/// <item>what each walker method holds itself (<see cref="PruningMethod.MemoryParts"/>): a ranking, or SparseGPT's Hessians and solver.</item>
/// </list>
/// </summary>
public sealed record MemoryEstimate(IReadOnlyList<MemoryPart> Parts)
{
    /// <summary>Bytes per float32 value: every tensor the runs compute with.</summary>
    public const double Float = 4;

    /// <summary>
    /// A stored-dtype or streamed run streams when its in-memory estimate is above this share of the memory available: the rest
    /// is left to the page cache the streamed reads and the output's writes go through, and to the estimate's own error.
    /// </summary>
    public const double Comfortable = 0.8;

    /// <summary>
    /// What a run holds before any model: the .NET runtime, libtorch and the tokenizer. Measured: 0.27–0.28 GB peak for
    /// <c>ppl</c> and <c>prune --method wanda</c> on stories260K, whose weights are 1 MB (bench/RESULTS.md, issue 16).
    /// </summary>
    public const double RuntimeBytes = 0.3e9;

    static MemoryPart Runtime => new("runtime", RuntimeBytes);

    public double PeakBytes => Parts.Sum(p => p.Bytes);

    /// <summary>"weights 26.8 GB, activations 1.2 GB".</summary>
    public override string ToString() => string.Join(", ", Parts.Select(p => p.ToString()));

    /// <summary>ppl and eval: the weights and one forward of <paramref name="batch"/> sequences of <paramref name="tokens"/>, without gradients.</summary>
    /// <param name="kvCache">Generation keeps every layer's keys and values for the whole sequence.</param>
    /// <param name="storedBytes">Bytes per weight in the checkpoint (<see cref="StoredBytesPerWeight"/>).</param>
    public static MemoryEstimate Inference(ModelConfig config, long batch, long tokens, bool kvCache = false,
        WeightResidency residency = WeightResidency.Float32, double storedBytes = Float)
    {
        var size = ModelSize.Of(config);
        var parts = new List<MemoryPart>(Weights(size, residency, storedBytes))
        {
            new("activations", LayerForward(config, size, batch, tokens) + 2 * Float * batch * tokens * config.VocabSize),
        };
        if (kvCache) parts.Add(new("KV cache", 2 * Float * size.Layers * batch * tokens * config.NumKvHeads * (double)config.HeadDim));
        parts.Add(Runtime);
        return new MemoryEstimate(parts);
    }

    /// <summary>
    /// Layer-major perplexity of a streamed model (<see cref="Evaluation.PerplexityEvaluator"/>): the weights as streamed, one
    /// hidden state per window for <paramref name="windows"/> windows of <paramref name="tokens"/>, and one window's layer
    /// forward and logits at a time.
    /// </summary>
    public static MemoryEstimate LayerMajorInference(ModelConfig config, long windows, long tokens, double storedBytes)
    {
        var size = ModelSize.Of(config);
        double hidden = Float * windows * tokens * config.HiddenSize;
        return WithOuterPhase(size, storedBytes,
        [
            .. Weights(size, WeightResidency.Streamed, storedBytes),
            new("hidden states", hidden),
            new("activations", LayerForward(config, size, 1, tokens)),
            Runtime,
        ], hidden + 2 * Float * tokens * config.VocabSize);
    }

    /// <summary>
    /// A streamed run's two phases never overlap: a decoder layer in use, with the run's activations (the parts given), and
    /// the embeddings and head in use while a pass starts or ends, beside only <paramref name="outerActivations"/> (the
    /// windows' hidden states and, for perplexity, one window's logits and their log-softmax). Summing the larger weights
    /// of the two with the larger activations overestimated a model whose embeddings outweigh a layer (the 134M model's
    /// streamed SparseGPT peaked at 0.73 of that sum, bench/RESULTS.md, h16d). When the outer phase needs more, the
    /// difference is one more part, so the parts add up to the larger phase.
    /// </summary>
    static MemoryEstimate WithOuterPhase(ModelSize size, double storedBytes, List<MemoryPart> layerPhase, double outerActivations)
    {
        // Each tensor is read in its stored dtype and then upcast, so the last one read is there twice: the head (or the
        // embeddings) read while the other is already in float32.
        double outer = Float * size.OuterParameters + storedBytes * size.VocabMatrix + outerActivations + RuntimeBytes;
        double layer = layerPhase.Sum(p => p.Bytes);
        if (outer > layer) layerPhase.Add(new("embeddings and head, beyond the layer phase", outer - layer));
        return new MemoryEstimate(layerPhase);
    }

    /// <summary>
    /// How many windows a layer-major pass may keep (at least 1, at most <paramref name="windows"/>) so its estimate stays within
    /// <see cref="Comfortable"/> of <paramref name="available"/> bytes; all of them when the memory available is unknown.
    /// </summary>
    public static int WindowsPerPass(ModelConfig config, int windows, long tokens, double storedBytes, double? available)
    {
        if (available is not { } bytes) return Math.Max(1, windows);
        double fixedPart = LayerMajorInference(config, 0, tokens, storedBytes).PeakBytes;
        double perWindow = Float * tokens * config.HiddenSize;
        double fit = Math.Floor((Comfortable * bytes - fixedPart) / perWindow);
        return (int)Math.Clamp(fit, 1, Math.Max(1, windows));
    }

    /// <summary>Magnitude pruning: the weights, a mask byte per linear weight, and one ranking (every linear's at once when global).</summary>
    public static MemoryEstimate Magnitude(ModelConfig config, bool global) =>
        Walker(config, new MagnitudePruning(), global ? PruningScope.Global : PruningScope.Matrix, 0, 0, 0);

    /// <summary>
    /// Bytes per weight the checkpoint in <paramref name="modelDirectory"/> stores: 2 for bf16 or fp16, 4 for float32. Read from
    /// the safetensors headers only; a folder without weights yet (the estimate comes before any file is read for the weights)
    /// is taken at its config.json's <c>torch_dtype</c>.
    /// </summary>
    public static double StoredBytesPerWeight(string modelDirectory)
    {
        if (!File.Exists(Path.Combine(modelDirectory, CheckpointReader.SingleFileName)) && !File.Exists(Path.Combine(modelDirectory, CheckpointIndex.FileName)))
            return ModelConfigReader.ReadFolder(modelDirectory).DeclaredDtype is "bfloat16" or "float16" ? 2 : Float;
        using var reader = CheckpointReader.Open(modelDirectory);
        var infos = reader.Names.Select(reader.Info).ToList();
        double elements = infos.Sum(i => (double)i.ElementCount);
        return elements == 0 ? Float : infos.Sum(i => (double)i.ByteLength) / elements;
    }

    /// <summary>
    /// A walker method: the weights, a mask byte per linear weight, for calibrated methods the walker's activations on
    /// <paramref name="samples"/> windows of <paramref name="tokens"/>, and what the method itself holds.
    /// </summary>
    public static MemoryEstimate Walker(ModelConfig config, PruningMethod method, PruningScope scope, long samples, long batch, long tokens,
        bool trueSequential = false, WeightResidency residency = WeightResidency.Float32, double storedBytes = Float)
    {
        var size = ModelSize.Of(config);
        var parts = new List<MemoryPart>(Weights(size, residency, storedBytes))
        {
            new("masks", residency == WeightResidency.Float32 ? size.LinearWeights : size.LayerShapes.Max(l => l.Sum(x => x.In * x.Out))),
        };
        double hidden = method.NeedsCalibration ? 2 * Float * samples * tokens * config.HiddenSize : 0;
        // True-sequential: every batch's forward waits inside the layer at once, but with its intermediates freed as soon as
        // they are used (Intermediates.Freed) a waiting one holds about its residual stream twice and, at the last group,
        // the MLP's product — 2·hidden + intermediate floats a token, not the whole forward set — while one batch at a time
        // computes a full set. Counting every window's whole set overestimated the 7B 16 × 512 streamed run by 40 % (3.09 GB
        // measured) and the in-memory 100M 128 × 512 by 50 % (2.63 GB); this term gives 0.78 and 1.16 (bench/RESULTS.md, h16d).
        // The batch computing is in LayerForward's full set, so the waiting ones are the other samples − batch windows.
        double waiting = trueSequential ? Float * (samples - Math.Min(batch, samples)) * tokens * (2.0 * config.HiddenSize + size.MaxIntermediate) : 0;
        if (method.NeedsCalibration)
            parts.Add(new("activations", hidden + waiting + LayerForward(config, size, Math.Min(batch, samples), tokens)));
        parts.AddRange(method.MemoryParts(size, scope));
        parts.Add(Runtime);
        return residency == WeightResidency.Streamed ? WithOuterPhase(size, storedBytes, parts, hidden) : new MemoryEstimate(parts);
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
            Runtime,
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
            Runtime,
        ]);
    }

    /// <summary>The weights as <paramref name="residency"/> holds them (see the class summary).</summary>
    static IEnumerable<MemoryPart> Weights(ModelSize size, WeightResidency residency, double storedBytes)
    {
        // A float32 checkpoint loads as float32 whatever was asked for (nothing to gain by holding the layers apart).
        if (residency == WeightResidency.Stored && storedBytes >= Float) residency = WeightResidency.Float32;
        return residency switch
        {
            WeightResidency.Float32 => [new("weights", Float * size.Parameters)],
            WeightResidency.Stored =>
            [
                new("weights", Float * size.OuterParameters + storedBytes * (size.Parameters - size.OuterParameters)),
                new("layer in use", Float * size.LargestLayer),
            ],
            // Streamed: one layer in float32, its largest linear there twice while it is read and upcast. The embeddings and
            // head are in use only while a pass starts or ends, never with a layer: a phase of their own (WithOuterPhase).
            _ => [new("weights", Float * size.LargestLayer + storedBytes * size.LargestMatrix)],
        };
    }

    static double LayerForward(ModelConfig c, ModelSize size, double batch, double tokens) =>
        Float * batch * tokens * (2.0 * c.HiddenSize + (2.0 * c.NumHeads + 2.0 * c.NumKvHeads) * c.HeadDim + 3 * size.MaxIntermediate);

    static double Training(ModelConfig c, ModelSize size, double batch, double tokens) =>
        size.Layers * 2 * LayerForward(c, size, batch, tokens) + 3 * Float * batch * tokens * c.VocabSize;

    static double CheckpointedTraining(ModelConfig c, ModelSize size, double batch, double tokens) =>
        size.Layers * Float * batch * tokens * c.HiddenSize + 2 * LayerForward(c, size, batch, tokens) + 3 * Float * batch * tokens * c.VocabSize;

}
