namespace SharpPrune.Pruning.DPruner;

/// <summary>A D-Pruner run: the common pruning report plus mask overlaps, the stage-2 loss curve and the domain documents used.</summary>
public sealed record DPrunerReport(
    PruningReport Pruning,
    IReadOnlyList<MatrixOverlap> Overlaps,
    IReadOnlyList<double> StepLosses,
    IReadOnlyList<string> DomainDocumentIds,
    bool GeneralImportanceReused,
    int ResumedFromEpoch);
