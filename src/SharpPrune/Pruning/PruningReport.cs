using SharpPrune.Calibration;

namespace SharpPrune.Pruning;

/// <summary>What a run did: per-matrix results, overall sparsity of the pruned matrices, and how long each stage took.</summary>
public sealed record PruningReport(
    IReadOnlyList<MatrixResult> Matrices,
    double Sparsity,
    IReadOnlyDictionary<string, double> StageSeconds,
    long PeakMemoryBytes,
    CalibrationRecord? Calibration);
