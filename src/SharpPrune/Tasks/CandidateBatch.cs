using static TorchSharp.torch;

namespace SharpPrune.Tasks;

/// <summary>
/// All candidates of one example as one batch: row i is the prompt followed by candidate i (less its last token, which
/// is only predicted), padded on the right. Causal attention keeps padding from reaching earlier positions, so one
/// forward pass scores every candidate exactly as k separate ones would.
/// </summary>
public static class CandidateBatch
{
    /// <summary>Input ids [candidates, <see cref="EncodedExample.InputLength"/>].</summary>
    public static Tensor Inputs(EncodedExample example, Device device)
    {
        int length = example.InputLength, k = example.Continuations.Count;
        var ids = new long[k * length];
        for (int i = 0; i < k; i++)
        {
            var row = example.Prompt.Concat(example.Continuations[i].SkipLast(1)).ToList();
            for (int t = 0; t < row.Count; t++) ids[i * length + t] = row[t];
        }
        return tensor(ids, [k, length], device: device);
    }

    /// <summary>
    /// Each candidate's log-likelihood after the prompt [candidates]: the sum of its tokens' log-probabilities, from the
    /// logits [candidates, time, vocab] of <see cref="Inputs"/>. It keeps the autograd graph.
    /// </summary>
    public static Tensor LogProbSums(EncodedExample example, Tensor logits)
    {
        using var scope = NewDisposeScope();
        int k = example.Continuations.Count, longest = example.Continuations.Max(c => c.Count);
        var targets = new long[k * longest];
        var mask = new float[k * longest];
        for (int i = 0; i < k; i++)
            for (int t = 0; t < example.Continuations[i].Count; t++)
            {
                targets[i * longest + t] = example.Continuations[i][t];
                mask[i * longest + t] = 1;
            }
        // Position p predicts token p + 1, so the first candidate token comes from the prompt's last position.
        var predictors = logits.narrow(1, example.Prompt.Count - 1, longest).to_type(ScalarType.Float32);
        var logProbs = nn.functional.log_softmax(predictors, -1);
        var picked = logProbs.gather(2, tensor(targets, [k, longest], device: logits.device).unsqueeze(2)).squeeze(2);
        return (picked * tensor(mask, [k, longest], device: logits.device)).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Each candidate's mean log-probability per token [candidates] (<see cref="LogProbSums"/> over its token count).
    /// It keeps the autograd graph, so attribution can differentiate the gold candidate's score.
    /// </summary>
    public static Tensor MeanLogProbs(EncodedExample example, Tensor logits)
    {
        using var scope = NewDisposeScope();
        var lengths = tensor(example.Continuations.Select(c => (float)c.Count).ToArray(), device: logits.device);
        return (LogProbSums(example, logits) / lengths).MoveToOuterDisposeScope();
    }
}
