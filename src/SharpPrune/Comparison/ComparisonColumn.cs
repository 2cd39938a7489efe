namespace SharpPrune.Comparison;

/// <summary>One column of the comparison table: its headers, each model's cell as text, and the row (at most one) that stands out as best (<see cref="BestValue"/>).</summary>
/// <param name="Group">The heading shared with neighbouring columns ("perplexity ↓"), or null for a column on its own.</param>
/// <param name="Header">The column's heading under its group ("general").</param>
/// <param name="Title">The heading where there are no groups ("ppl general").</param>
/// <param name="Numeric">Right-aligned when rendered.</param>
public sealed record ComparisonColumn(string? Group, string Header, string Title, bool Numeric, IReadOnlyList<string> Cells, IReadOnlyList<bool> Best);
