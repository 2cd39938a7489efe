using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Evaluation;

/// <summary>
/// Strided-window perplexity. Windows of up to seqLen tokens start every stride tokens; each
/// window scores the targets that no earlier window scored, never its own first token (it has
/// no context). With stride = seqLen the windows are disjoint (the papers' protocol); with
/// stride &lt; seqLen every token after the document's first is scored exactly once, with more context.
/// </summary>
public sealed class PerplexityEvaluator(CausalLM model, int seqLen, int stride)
{
    double nllSum, nllSquaredSum;
    long scored;

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
        using var scope = NewDisposeScope();
        var window = new long[end - begin];
        for (int i = 0; i < window.Length; i++) window[i] = tokens[begin + i];
        var ids = tensor(window, device: model.Device).unsqueeze(0);
        var logits = model.forward(ids)[0];
        // Position p predicts token p+1: targets firstTarget..end-1 come from positions firstTarget-1-begin...
        var predictors = logits.narrow(0, firstTarget - 1 - begin, end - firstTarget).to_type(ScalarType.Float32);
        var targets = ids[0].narrow(0, firstTarget - begin, end - firstTarget);
        var nll = nn.functional.cross_entropy(predictors, targets, reduction: nn.Reduction.None).to_type(ScalarType.Float64);
        nllSum += nll.sum().item<double>();
        nllSquaredSum += nll.square().sum().item<double>();
        scored += end - firstTarget;
        OnWindow?.Invoke(end - firstTarget);
    }

    public PerplexityResult Result =>
        scored == 0 ? throw new SharpPruneException("no tokens were scored (documents shorter than two tokens)")
                    : new PerplexityResult(nllSum / scored, scored, StandardError());

    double StandardError()
    {
        double mean = nllSum / scored;
        // The sample variance from the two sums, in float64; rounding can leave it a hair below zero when all are equal.
        double variance = scored > 1 ? Math.Max(0, (nllSquaredSum - scored * mean * mean) / (scored - 1)) : 0;
        return Math.Sqrt(variance / scored);
    }
}
