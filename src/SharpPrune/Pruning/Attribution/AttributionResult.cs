namespace SharpPrune.Pruning.Attribution;

/// <summary>What an attribution pruning run did: the examples it used, the scores, and the units each layer kept.</summary>
/// <param name="HeadsBefore">Per layer, the query and KV heads before removal.</param>
/// <param name="KeptHeadGroups">Per layer, the KV groups kept; null when no head was scored.</param>
public sealed record AttributionResult(
    AttributionOptions Options,
    IReadOnlyList<string> ExampleIds,
    UnitScores Scores,
    IReadOnlyList<int> WidthsBefore,
    IReadOnlyList<long[]> Kept,
    IReadOnlyList<(int Heads, int KvHeads)> HeadsBefore,
    IReadOnlyList<long[]>? KeptHeadGroups,
    double Seconds);
