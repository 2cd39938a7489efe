using SharpPrune.Text;

namespace SharpPrune.Tasks;

/// <summary>
/// Tokenizes examples for log-likelihood scoring, shortening the context from its left until the prompt and the
/// longest candidate fit in <paramref name="maxTokens"/> model inputs.
/// </summary>
/// <remarks>
/// A candidate's tokens are those of tokenize(prompt + candidate) after the tokens of tokenize(prompt), as the
/// lm-evaluation-harness takes them, so a candidate is scored as the tokenizer would write it after the prompt.
/// </remarks>
public sealed class ExampleEncoder(TextTokenizer tokenizer, int maxTokens)
{
    public EncodedExample Encode(TaskExample example)
    {
        if (example.Candidates.Count == 0) throw new SharpPruneException($"example {example.Id}: no candidates");
        // Cut k drops the context's first k words; the last cut drops it entirely.
        var starts = PromptCutter.WordStarts(example.Context);
        starts.Insert(0, 0);
        starts.Add(example.Context.Length);
        var fitted = PromptCutter.Fit(starts.Count,
            k => Tokenize(example.Context[starts[k]..] + example.Question, example.Candidates, cut: k > 0),
            e => e.InputLength <= maxTokens);
        return fitted?.Encoded ?? throw new SharpPruneException(
            $"example {example.Id}: the question and longest candidate alone exceed the model's context of {maxTokens} tokens");
    }

    EncodedExample Tokenize(string prompt, IReadOnlyList<string> candidates, bool cut)
    {
        var promptIds = tokenizer.Encode(prompt);
        if (promptIds.Count == 0)
            throw new SharpPruneException("an empty prompt with a tokenizer that adds no BOS leaves the first candidate token unpredicted");
        return new EncodedExample(promptIds, candidates.Select(c => Continuation(prompt, promptIds, c)).ToList(), cut);
    }

    IReadOnlyList<int> Continuation(string prompt, IReadOnlyList<int> promptIds, string candidate)
    {
        var joint = tokenizer.Encode(prompt + candidate);
        if (joint.Count > promptIds.Count && joint.Take(promptIds.Count).SequenceEqual(promptIds))
            return joint.Skip(promptIds.Count).ToList();
        // The candidate merged with the prompt's last tokens, so the joint ids have no prompt prefix to split off.
        // Tokenizing the candidate alone keeps the prompt's ids, and so its context, the same for every candidate.
        var alone = tokenizer.Encode(candidate, addSpecialTokens: false);
        return alone.Count > 0 ? alone : throw new SharpPruneException($"candidate \"{candidate}\" has no tokens");
    }
}
