using SharpPrune.Data;
using SharpPrune.Memory;
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
    /// <param name="windowsPerPass">For a streamed model, the windows a layer-major pass holds (default: as many as fit, <see cref="MemoryEstimate.WindowsPerPass"/>).</param>
    public PerplexityResult Evaluate(CausalLM model, IEnumerable<IReadOnlyList<int>> documents, Action<long>? onWindow = null, int? windowsPerPass = null)
    {
        int length = SeqLen ?? model.Config.MaxPositions;
        int step = Stride ?? length;
        PerplexityEvaluator.Validate(model.Config, length, step);
        var list = documents.ToList();
        int perPass = windowsPerPass ?? (model.Residency == WeightResidency.Streamed && model.SourceDirectory is { } source
            ? MemoryEstimate.WindowsPerPass(model.Config, list.Sum(d => d.Count / step + 1), length, MemoryEstimate.StoredBytesPerWeight(source), AvailableMemory.Read())
            : 1);
        var evaluator = new PerplexityEvaluator(model, length, step) { OnWindow = onWindow, WindowsPerPass = perPass };
        foreach (var document in list) evaluator.AddDocument(document);
        return evaluator.Result;
    }
}
