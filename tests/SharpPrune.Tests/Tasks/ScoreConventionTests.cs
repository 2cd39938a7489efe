using SharpPrune.Models;
using SharpPrune.Tasks;
using SharpPrune.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Tasks;

/// <summary>
/// acc, acc_norm and acc_per_token of the real stories260K against a hand computation: one unbatched float64 forward
/// per candidate (the model in float64 matches transformers within 1e-5, see ReferenceLogitsTests), log-probabilities
/// summed in float64, divided by byte counts written out by hand and by token counts.
/// </summary>
public sealed class ScoreConventionTests : IDisposable
{
    static string Stories => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    readonly CausalLM model = CausalLM.Load(Stories);
    readonly CausalLM reference = CausalLM.Load(Stories);
    readonly TextTokenizer tokenizer = TextTokenizer.Load(Stories);

    public ScoreConventionTests() => reference.to(ScalarType.Float64);

    public void Dispose()
    {
        model.Dispose();
        reference.Dispose();
    }

    /// <summary>
    /// (prompt, candidates, each candidate's UTF-8 bytes without its one leading space — counted by hand).
    /// " café" is 4 characters but 5 bytes; "me" merges with the prompt's "ti" into one piece.
    /// </summary>
    public static TheoryData<string, string[], int[]> Examples => new()
    {
        { "Once upon a time, there was a little girl named Lily. She loved to", [" play", " eat cake", " sing songs with her mom in the big park", " jump"], [4, 8, 39, 4] },
        { "Tom and his dog went to the", [" park", " big blue sea", " café", " moon"], [4, 12, 5, 4] },
        { "Once upon a ti", ["me", "ger", " lion"], [2, 3, 4] },
        { "The cat was very", [" happy", " sad and tired after the long day", " hungry"], [5, 32, 6] },
        { "Lily saw a big", [" dog", " tree", " red ball that was very shiny", " elephant"], [3, 4, 28, 8] },
    };

    /// <summary>Log-likelihood of the candidate's tokens (tokenize(prompt + candidate) after tokenize(prompt), or the candidate alone where it merges) in float64.</summary>
    (double Sum, int Tokens, bool Merged) ByHand(string prompt, string candidate)
    {
        var promptIds = tokenizer.Encode(prompt);
        var joint = tokenizer.Encode(prompt + candidate);
        bool merged = !(joint.Count > promptIds.Count && joint.Take(promptIds.Count).SequenceEqual(promptIds));
        var continuation = merged ? tokenizer.Encode(candidate, addSpecialTokens: false) : joint.Skip(promptIds.Count).ToList();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = promptIds.Concat(continuation).Select(i => (long)i).ToArray();
        var logProbs = nn.functional.log_softmax(reference.forward(tensor(ids).unsqueeze(0))[0], -1);
        Assert.Equal(ScalarType.Float64, logProbs.dtype);
        double sum = 0;
        for (int t = 0; t < continuation.Count; t++) sum += logProbs[promptIds.Count + t - 1, continuation[t]].item<double>();
        return (sum, continuation.Count, merged);
    }

    static int ArgMax(IReadOnlyList<double> values) => values.Select((v, i) => (v, i)).Aggregate((a, b) => b.v > a.v ? b : a).i;

    [Theory]
    [MemberData(nameof(Examples))]
    public void EachConventionMatchesTheFloat64HandComputation(string prompt, string[] candidates, int[] bytes)
    {
        var scored = new LogLikelihoodScorer(model, tokenizer).Score(new TaskExample("x", "", prompt, candidates, 0));
        var hand = candidates.Select(c => ByHand(prompt, c)).ToList();
        var expected = new Dictionary<ScoreConvention, double[]>
        {
            [ScoreConvention.Acc] = [.. hand.Select(h => h.Sum)],
            [ScoreConvention.AccNorm] = [.. hand.Select((h, i) => h.Sum / bytes[i])],
            [ScoreConvention.AccPerToken] = [.. hand.Select(h => h.Sum / h.Tokens)],
        };
        foreach (var (convention, values) in expected)
        {
            var actual = scored.Scores(convention);
            for (int i = 0; i < candidates.Length; i++) Assert.Equal(values[i], actual[i], 2e-4);
            Assert.Equal(ArgMax(values), scored.Predicted(convention));
        }
        Assert.Equal(hand.Select(h => h.Tokens), scored.TokenCounts);
        Assert.Equal(prompt == "Once upon a ti", hand[0].Merged);
    }

    [Fact]
    public void TheConventionsRankTheseExamplesDifferently()
    {
        // Without this the test above could not tell one convention from another. ("The cat was very": acc and
        // acc_norm pick " happy", acc_per_token " hungry"; "Lily saw a big": acc " tree", acc_norm the long candidate.)
        var scorer = new LogLikelihoodScorer(model, tokenizer);
        var predictions = Examples.Select(row => scorer.Score(new TaskExample("x", "", (string)row[0], (string[])row[1], 0)))
            .Select(s => (s.Predicted(ScoreConvention.Acc), s.Predicted(ScoreConvention.AccNorm), s.Predicted(ScoreConvention.AccPerToken))).ToList();
        Assert.Contains(predictions, p => p.Item1 != p.Item2);
        Assert.Contains(predictions, p => p.Item1 != p.Item3);
        Assert.Contains(predictions, p => p.Item2 != p.Item3);
    }
}
