using SharpPrune.Memory;
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

    /// <summary>
    /// For a streamed model, how many examples one layer-major pass of <see cref="ScoreAll"/> holds (each its candidates'
    /// hidden states); default: as many as fit (<see cref="MemoryEstimate.WindowsPerPass"/>, counting candidate rows).
    /// </summary>
    public int? ExamplesPerPass { get; init; }

    /// <summary>
    /// Scores every example, in order, calling <paramref name="onExample"/> after each. A streamed model runs them layer-major
    /// (<see cref="CausalLM.ForwardLayerMajor"/>) in passes, so each layer is read once per pass; the scores are those of
    /// <see cref="Score"/>, to the bit.
    /// </summary>
    public IReadOnlyList<ScoredExample> ScoreAll(IReadOnlyList<TaskExample> examples, Action? onExample = null)
    {
        var scored = new List<ScoredExample>(examples.Count);
        if (model.Residency != WeightResidency.Streamed)
        {
            foreach (var example in examples)
            {
                scored.Add(Score(example));
                onExample?.Invoke();
            }
            return scored;
        }
        var encoded = examples.Select(encoder.Encode).ToList();
        int perPass = ExamplesPerPass ?? PassSize(encoded);
        for (int start = 0; start < encoded.Count; start += perPass)
        {
            using var scope = NewDisposeScope();
            var pass = encoded.Skip(start).Take(perPass).ToList();
            var inputs = pass.Select(e => CandidateBatch.Inputs(e, model.Device)).ToList();
            model.ForwardLayerMajor(inputs, (i, logits) =>
            {
                scored.Add(Scored(examples[start + i], pass[i], logits));
                onExample?.Invoke();
            });
        }
        return scored;
    }

    /// <summary>Examples per pass so their candidates' hidden states fit, counted as windows of the longest input.</summary>
    int PassSize(IReadOnlyList<EncodedExample> encoded)
    {
        if (encoded.Count == 0 || model.SourceDirectory is not { } source) return Math.Max(1, encoded.Count);
        int rows = encoded.Max(e => e.Continuations.Count), length = encoded.Max(e => e.InputLength);
        int windows = MemoryEstimate.WindowsPerPass(model.Config, encoded.Count * rows, length, MemoryEstimate.StoredBytesPerWeight(source), AvailableMemory.Read());
        return Math.Max(1, windows / rows);
    }

    public ScoredExample Score(TaskExample example)
    {
        var encoded = encoder.Encode(example);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Scored(example, encoded, model.forward(CandidateBatch.Inputs(encoded, model.Device)));
    }

    static ScoredExample Scored(TaskExample example, EncodedExample encoded, Tensor logits)
    {
        using var scope = NewDisposeScope();
        var sums = CandidateBatch.LogProbSums(encoded, logits).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        return new ScoredExample(example, sums, encoded.Continuations.Select(c => c.Count).ToList(), encoded.Cut);
    }
}
