namespace SharpPrune.Pruning.Attribution;

/// <summary>What an attribution pruning run did: the examples it used, the scores, and the neurons each layer kept.</summary>
public sealed record AttributionResult(
    AttributionOptions Options,
    IReadOnlyList<string> ExampleIds,
    NeuronScores Scores,
    IReadOnlyList<int> WidthsBefore,
    IReadOnlyList<long[]> Kept,
    double Seconds);
