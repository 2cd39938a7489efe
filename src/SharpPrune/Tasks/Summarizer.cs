using SharpPrune.Evaluation;
using SharpPrune.Generation;
using SharpPrune.Models;
using SharpPrune.Text;

namespace SharpPrune.Tasks;

/// <summary>
/// Greedy summaries of BillSum sources. A source too long for the context (less the tokens to generate) is cut from
/// its end, word by word: a bill's opening sentence states its purpose, which is what the references summarize.
/// </summary>
public sealed class Summarizer(CausalLM model, TextTokenizer tokenizer, int maxNewTokens)
{
    public SummarizedExample Summarize(SummaryExample example)
    {
        if (maxNewTokens < 1) throw new SharpPruneException("--max-new-tokens must be at least 1");
        // Cut k keeps the source up to its k-th last word start; the last cut keeps none of it.
        var keeps = PromptCutter.WordStarts(example.Source);
        keeps.Add(example.Source.Length);
        keeps.Reverse();
        keeps.Add(0);
        var fitted = PromptCutter.Fit(keeps.Count,
            k => tokenizer.Encode(BillSum.PromptLead + example.Source[..keeps[k]].TrimEnd() + BillSum.PromptTail),
            ids => ids.Count + maxNewTokens <= model.Config.MaxPositions)
            ?? throw new SharpPruneException($"example {example.Id}: the prompt alone leaves no room for {maxNewTokens} new tokens in the model's context of {model.Config.MaxPositions}");
        var generated = TextGenerator.Generate(model, fitted.Encoded, new SamplingOptions(maxNewTokens), tokenizer.EosIds);
        string text = tokenizer.Decode(generated);
        int blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        string summary = (blank >= 0 ? text[..blank] : text).Trim();
        return new SummarizedExample(example, summary, Rouge.Score(summary, example.Reference), fitted.Cut > 0);
    }
}
