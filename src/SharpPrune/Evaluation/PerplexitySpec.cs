using SharpPrune.Data;
using SharpPrune.Models;

namespace SharpPrune.Evaluation;

/// <summary>
/// A perplexity measurement as <c>sharpprune ppl</c> and comparison suites describe it: which documents of which
/// file (see <see cref="DocumentSource"/>), and the windows — <see cref="SeqLen"/> tokens (default: the model's
/// context) every <see cref="Stride"/> tokens (default: <see cref="SeqLen"/>, disjoint windows).
/// </summary>
public sealed record PerplexitySpec(
    string Data, string Field = "text", DocumentFilter? Filter = null, int? MaxDocs = null, int? SeqLen = null, int? Stride = null)
{
    public IReadOnlyList<Document> ReadDocuments() => DocumentSource.ReadDocuments(Data, Field, MaxDocs, Filter);

    /// <summary>Perplexity over <paramref name="documents"/>, each the tokenizer's ids of one document (BOS included when it adds one).</summary>
    /// <param name="onWindow">Called after each window with the number of tokens it scored.</param>
    public PerplexityResult Evaluate(CausalLM model, IEnumerable<IReadOnlyList<int>> documents, Action<long>? onWindow = null)
    {
        int length = SeqLen ?? model.Config.MaxPositions;
        int step = Stride ?? length;
        PerplexityEvaluator.Validate(model.Config, length, step);
        var evaluator = new PerplexityEvaluator(model, length, step) { OnWindow = onWindow };
        foreach (var document in documents) evaluator.AddDocument(document);
        return evaluator.Result;
    }
}
