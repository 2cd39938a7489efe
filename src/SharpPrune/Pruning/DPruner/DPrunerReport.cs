using SharpPrune.Calibration;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// A D-Pruner run: the common pruning report plus mask overlaps, the stage-2 loss curve, the domain windows trained on
/// (null when S was reused from an earlier run), and the reconstruction when one ran.
/// </summary>
public sealed record DPrunerReport(
    PruningReport Pruning,
    IReadOnlyList<MatrixOverlap> Overlaps,
    IReadOnlyList<double> StepLosses,
    IReadOnlyList<string> DomainDocumentIds,
    bool GeneralImportanceReused,
    int ResumedFromEpoch,
    IReadOnlyList<CalibrationWindow>? DomainWindows = null,
    bool DomainImportanceReused = false,
    ReconstructionRecord? Reconstruction = null);

/// <summary>What a reconstruction after masking ran on: the source, and the windows' count and length.</summary>
public sealed record ReconstructionRecord(ReconstructionSource Source, long Windows, long SeqLen);
