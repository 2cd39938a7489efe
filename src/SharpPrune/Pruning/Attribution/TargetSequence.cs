using SharpPrune.Tasks;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// A prompt followed by one candidate: the model reads prompt + target (less its last token) and
/// F = log p(target | prompt) sums the target tokens' log-probabilities — the quantity attribution differentiates.
/// </summary>
public sealed record TargetSequence(IReadOnlyList<int> Prompt, IReadOnlyList<int> Target)
{
    public static TargetSequence Of(EncodedExample example, int candidate) => new(example.Prompt, example.Continuations[candidate]);

    /// <summary>Positions the model reads: every prompt token and every target token but the last (only predicted).</summary>
    public int Length => Prompt.Count + Target.Count - 1;

    /// <summary>Input ids [rows, <see cref="Length"/>], the same sequence in every row.</summary>
    public Tensor Inputs(Device device, int rows = 1)
    {
        var ids = Prompt.Concat(Target.SkipLast(1)).Select(i => (long)i).ToArray();
        return tensor(ids, [1, ids.Length], device: device).expand(rows, ids.Length).contiguous();
    }

    /// <summary>F per row [rows] from logits [rows, Length, vocab], in the logits' dtype and keeping the graph.</summary>
    public Tensor LogProb(Tensor logits)
    {
        using var scope = NewDisposeScope();
        // Position p predicts token p + 1, so the first target token comes from the prompt's last position.
        var predictors = logits.narrow(1, Prompt.Count - 1, Target.Count);
        var logProbs = nn.functional.log_softmax(predictors, -1);
        var targets = tensor(Target.Select(t => (long)t).ToArray(), [1, Target.Count, 1], device: logits.device)
            .expand(logits.shape[0], Target.Count, 1);
        return logProbs.gather(2, targets).squeeze(2).sum(dim: 1).MoveToOuterDisposeScope();
    }
}
