using SharpPrune.Evaluation;
using SharpPrune.Models;
using SharpPrune.Tasks;

namespace SharpPrune.Comparison;

/// <summary>One model's row of a comparison: what it is, what its weights hold, and its measurements by column name.</summary>
/// <param name="Name">The folder's name, or the path as given where two folders share a name.</param>
/// <param name="Fingerprint">See <see cref="ModelFingerprint"/>.</param>
public sealed record ComparedModel(
    string Name, string Directory, string Fingerprint, PruningInfo Pruning, long SafetensorsBytes, ModelSummary Summary,
    IReadOnlyDictionary<string, PerplexityResult> Perplexity, IReadOnlyDictionary<string, ChoiceTaskScore> Tasks);
