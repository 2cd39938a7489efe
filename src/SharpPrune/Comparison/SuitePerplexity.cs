using SharpPrune.Evaluation;

namespace SharpPrune.Comparison;

/// <summary>A named perplexity column of a suite: the documents and windows, as <c>sharpprune ppl</c> takes them.</summary>
public sealed record SuitePerplexity(string Name, PerplexitySpec Spec);
