using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Evaluation;

/// <summary>
/// Strided-window perplexity. Windows of up to seqLen tokens start every stride tokens; each
/// window scores the targets that no earlier window scored, never its own first token (it has
/// no context). With stride = seqLen the windows are disjoint (the papers' protocol); with
/// stride &lt; seqLen every token after the document's first is scored exactly once, with more context.
/// A streamed model is run layer-major: windows are collected, then every window goes through layer 1, then layer 2, …,
/// keeping one hidden state per window, so each layer is read from disk once per pass rather than once per window. Each
/// window's computation is the same either way, so the perplexity is identical to the last bit.
/// </summary>
public sealed class PerplexityEvaluator(CausalLM model, int seqLen, int stride)
{
    readonly List<(long[] Ids, int Offset, int Count)> pending = [];
    double nllSum, nllSquaredSum;
    long scored;

    /// <summary>For a streamed model, the windows one layer-major pass holds (<see cref="Memory.MemoryEstimate.WindowsPerPass"/>).</summary>
    public int WindowsPerPass { get; init; } = 64;

    /// <summary>Called after each window with the number of tokens it scored.</summary>
    public Action<long>? OnWindow { get; init; }

    public static void Validate(ModelConfig config, int seqLen, int stride)
    {
        if (seqLen < 2) throw new SharpPruneException("--seq-len must be at least 2");
        if (stride < 1 || stride > seqLen) throw new SharpPruneException("--stride must be between 1 and --seq-len");
        if (seqLen > config.MaxPositions)
            throw new SharpPruneException($"--seq-len {seqLen} exceeds the model's context of {config.MaxPositions} tokens");
    }

    public void AddDocument(IReadOnlyList<int> tokens)
    {
        Validate(model.Config, seqLen, stride);
        using var _ = no_grad();
        long prevEnd = 0;
        for (int begin = 0; begin < tokens.Count; begin += stride)
        {
            int end = Math.Min(begin + seqLen, tokens.Count);
            int firstTarget = (int)Math.Max(prevEnd, begin + 1);
            if (firstTarget < end) ScoreWindow(tokens, begin, end, firstTarget);
            prevEnd = end;
            if (end == tokens.Count) break;
        }
    }

    void ScoreWindow(IReadOnlyList<int> tokens, int begin, int end, int firstTarget)
    {
        var window = new long[end - begin];
        for (int i = 0; i < window.Length; i++) window[i] = tokens[begin + i];
        if (model.Residency == WeightResidency.Streamed)
        {
            pending.Add((window, firstTarget - begin, end - firstTarget));
            if (pending.Count >= WindowsPerPass) RunLayerMajor();
            return;
        }
        using var scope = NewDisposeScope();
        var ids = tensor(window, device: model.Device).unsqueeze(0);
        Score(model.forward(ids)[0], ids[0], firstTarget - begin, end - firstTarget);
    }

    /// <summary>The pending windows through the model layer-major (<see cref="CausalLM.ForwardLayerMajor"/>).</summary>
    void RunLayerMajor()
    {
        using var scope = NewDisposeScope();
        var ids = pending.Select(w => tensor(w.Ids, device: model.Device).unsqueeze(0)).ToList();
        model.ForwardLayerMajor(ids, (w, logits) => Score(logits[0], ids[w][0], pending[w].Offset, pending[w].Count));
        pending.Clear();
    }

    /// <param name="logits">[time, vocab] of one window.</param>
    /// <param name="ids">The window's ids [time].</param>
    /// <param name="offset">Where the first target is in the window.</param>
    /// <param name="count">How many targets are scored.</param>
    void Score(Tensor logits, Tensor ids, int offset, int count)
    {
        // Position p predicts token p+1: the targets at offset.. come from the positions offset-1...
        var predictors = logits.narrow(0, offset - 1, count).to_type(ScalarType.Float32);
        var targets = ids.narrow(0, offset, count);
        var nll = nn.functional.cross_entropy(predictors, targets, reduction: nn.Reduction.None).to_type(ScalarType.Float64);
        nllSum += nll.sum().item<double>();
        nllSquaredSum += nll.square().sum().item<double>();
        scored += count;
        OnWindow?.Invoke(count);
    }

    /// <summary>The perplexity of the documents added; for a streamed model, the windows still pending are run first.</summary>
    public PerplexityResult Result
    {
        get
        {
            if (pending.Count > 0) RunLayerMajor();
            return scored == 0 ? throw new SharpPruneException("no tokens were scored (documents shorter than two tokens)")
                : new PerplexityResult(nllSum / scored, scored, StandardError());
        }
    }

    double StandardError()
    {
        double mean = nllSum / scored;
        // The sample variance from the two sums, in float64; rounding can leave it a hair below zero when all are equal.
        double variance = scored > 1 ? Math.Max(0, (nllSquaredSum - scored * mean * mean) / (scored - 1)) : 0;
        return Math.Sqrt(variance / scored);
    }
}
