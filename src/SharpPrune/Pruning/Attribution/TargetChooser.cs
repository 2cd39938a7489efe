using SharpPrune.Models;
using SharpPrune.Tasks;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>Which candidate an example's attribution explains: the gold one, or without labels the model's own choice.</summary>
public static class TargetChooser
{
    public static int Choose(CausalLM model, TaskExample example, EncodedExample encoded, bool unsupervised) =>
        unsupervised ? Predict(model, encoded)
        : example.Gold ?? throw new SharpPruneException($"example {example.Id} has no gold label (use --unsupervised)");

    /// <summary>The candidate with the highest length-normalized log-likelihood, as evaluation predicts; reads only token ids.</summary>
    public static int Predict(CausalLM model, EncodedExample encoded)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.forward(CandidateBatch.Inputs(encoded, model.Device));
        return (int)CandidateBatch.MeanLogProbs(encoded, logits).argmax().item<long>();
    }
}
