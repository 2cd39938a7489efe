using SharpPrune.Evaluation;

namespace SharpPrune.Tasks;

/// <summary>A generated summary with its ROUGE against the reference; <paramref name="Cut"/> when the source was shortened to fit.</summary>
public sealed record SummarizedExample(SummaryExample Example, string Summary, RougeScore Rouge, bool Cut);
