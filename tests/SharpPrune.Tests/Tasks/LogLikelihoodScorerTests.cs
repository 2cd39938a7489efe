using SharpPrune.Models;
using SharpPrune.Tasks;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Tasks;

/// <summary>
/// The scorer against per-candidate log-softmax sums computed by hand, one forward pass per candidate, under the
/// per-token-mean convention (acc_per_token) these tests were written for; ScoreConventionTests covers all three.
/// </summary>
public class LogLikelihoodScorerTests
{
    /// <summary>Mean log-probability of <paramref name="continuation"/> after <paramref name="prompt"/>, from one unbatched forward.</summary>
    static double ByHand(CausalLM model, IReadOnlyList<int> prompt, IReadOnlyList<int> continuation)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = prompt.Concat(continuation).Select(i => (long)i).ToArray();
        var logProbs = nn.functional.log_softmax(model.forward(tensor(ids).unsqueeze(0))[0].to_type(ScalarType.Float64), -1);
        double sum = 0;
        for (int t = 0; t < continuation.Count; t++)
            sum += logProbs[prompt.Count + t - 1, continuation[t]].item<double>();
        return sum / continuation.Count;
    }

    static TaskExample Example(string prompt, params string[] candidates) => new("x", "", prompt, candidates, 0);

    [Fact]
    public void ScoresAreMeanTokenLogProbsOfTheJointTokensAfterThePrompt()
    {
        using var model = TinyModel.Create();
        var tok = TinyModel.Tokenizer;
        var example = Example("Abstract: The dog ran home.\nQuestion: Did the dog run?\nAnswer:", " yes", " no", " maybe", " it was a big red ball");
        var scored = new LogLikelihoodScorer(model, tok).Score(example);

        var promptIds = tok.Encode(example.Prompt);
        var expected = example.Candidates.Select(c =>
        {
            var joint = tok.Encode(example.Prompt + c);
            Assert.Equal(promptIds, joint.Take(promptIds.Count));
            return ByHand(model, promptIds, joint.Skip(promptIds.Count).ToList());
        }).ToList();
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], scored.Scores(ScoreConvention.AccPerToken)[i], 1e-5);
        Assert.Equal(expected.IndexOf(expected.Max()), scored.Predicted(ScoreConvention.AccPerToken));
        Assert.False(scored.Cut);
    }

    [Fact]
    public void ACandidateThatMergesWithThePromptIsTokenizedAlone()
    {
        using var model = TinyModel.Create();
        var tok = TinyModel.Tokenizer;
        // "ti" + "me" becomes the single piece "▁time", so the prompt's ids are not a prefix of the joint ids.
        var example = Example("Once upon a ti", "me", "ger");
        var promptIds = tok.Encode(example.Prompt);
        var joint = tok.Encode(example.Prompt + "me");
        Assert.NotEqual(promptIds, joint.Take(promptIds.Count));

        var encoded = new ExampleEncoder(tok, 256).Encode(example);
        Assert.Equal(promptIds, encoded.Prompt);
        Assert.Equal(tok.Encode("me", addSpecialTokens: false), encoded.Continuations[0]);

        var scored = new LogLikelihoodScorer(model, tok).Score(example);
        var expected = encoded.Continuations.Select(c => ByHand(model, promptIds, c)).ToList();
        Assert.Equal(expected[0], scored.Scores(ScoreConvention.AccPerToken)[0], 1e-5);
        Assert.Equal(expected[1], scored.Scores(ScoreConvention.AccPerToken)[1], 1e-5);
        Assert.Equal(expected[0] >= expected[1] ? 0 : 1, scored.Predicted(ScoreConvention.AccPerToken));
    }

    [Fact]
    public void MeanLogProbsKeepTheGraphForAttribution()
    {
        using var model = TinyModel.Create();
        var encoded = new ExampleEncoder(TinyModel.Tokenizer, 256).Encode(Example("The cat sat on the", " mat", " hat"));
        var scores = CandidateBatch.MeanLogProbs(encoded, model.forward(CandidateBatch.Inputs(encoded, model.Device)));
        scores[0].neg().backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }
}
