using System.Text.Json.Nodes;
using SharpPrune.Text;

namespace SharpPrune.Training;

/// <summary>
/// The documents of a run's sources, in training order, and what each source contributed. Text sources keep their
/// documents' order; the task examples of all task sources are shuffled together (seeded), so a window packs examples
/// of several tasks and no task's examples read as few-shot context for the next.
/// </summary>
public sealed class TrainingMix
{
    TrainingMix(IReadOnlyList<TrainingDocument> documents, JsonArray summary) => (Documents, Summary) = (documents, summary);

    public IReadOnlyList<TrainingDocument> Documents { get; }

    /// <summary>Per source: documents available and drawn, tokens, trained (loss) tokens and its share of them.</summary>
    public JsonArray Summary { get; }

    public static TrainingMix Read(IReadOnlyList<TrainingSource> sources, TextTokenizer tokenizer, int maxTokens, long seed)
    {
        var read = sources.Select((s, i) => (Source: s, Read: s.Read(tokenizer, maxTokens, unchecked(seed * 7919 + i)))).ToList();
        long lossTokens = Math.Max(1, read.Sum(r => r.Read.Documents.Sum(d => (long)d.LossTokens)));
        var summary = new JsonArray(read.Select(r => (JsonNode)new JsonObject
        {
            ["source"] = r.Source.ToString(),
            ["available"] = r.Read.Available,
            ["documents"] = r.Read.Documents.Count,
            ["tokens"] = r.Read.Documents.Sum(d => (long)d.Tokens.Count + 1),
            ["loss_tokens"] = r.Read.Documents.Sum(d => (long)d.LossTokens),
            ["loss_token_share"] = Math.Round(r.Read.Documents.Sum(d => (double)d.LossTokens) / lossTokens, 4),
        }).ToArray());
        var text = read.Where(r => r.Source.Task is null).SelectMany(r => r.Read.Documents);
        var examples = read.Where(r => r.Source.Task is not null).SelectMany(r => r.Read.Documents).ToArray();
        new Random(unchecked((int)(seed * 1_000_003 + 17))).Shuffle(examples);
        return new TrainingMix([.. text, .. examples], summary);
    }
}
