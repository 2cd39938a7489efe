using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Tasks;

/// <summary>
/// Scores multiple-choice examples by the log-likelihood of each candidate after the prompt; <see cref="ScoredExample"/>
/// turns it into each <see cref="ScoreConvention"/>'s score.
/// </summary>
public sealed class LogLikelihoodScorer(CausalLM model, ExampleEncoder encoder)
{
    /// <summary>A scorer whose prompts are cut to the model's context.</summary>
    public LogLikelihoodScorer(CausalLM model, TextTokenizer tokenizer) : this(model, new ExampleEncoder(tokenizer, model.Config.MaxPositions)) { }

    public ScoredExample Score(TaskExample example)
    {
        var encoded = encoder.Encode(example);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.forward(CandidateBatch.Inputs(encoded, model.Device));
        var sums = CandidateBatch.LogProbSums(encoded, logits).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        return new ScoredExample(example, sums, encoded.Continuations.Select(c => c.Count).ToList(), encoded.Cut);
    }
}
