namespace SharpPrune.Tasks;

/// <summary>A document to summarize and its reference summary.</summary>
public sealed record SummaryExample(string Id, string Source, string Reference);
