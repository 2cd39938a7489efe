using SharpPrune.Calibration;

namespace SharpPrune.Pruning;

/// <summary>What a run did: per-matrix results, overall sparsity of the pruned matrices, and how long each stage took.</summary>
public sealed record PruningReport(
    IReadOnlyList<MatrixResult> Matrices,
    double Sparsity,
    IReadOnlyDictionary<string, double> StageSeconds,
    long PeakMemoryBytes,
    CalibrationRecord? Calibration)
{
    /// <summary>True when the decoder layers were streamed from disk and written out one at a time (the weights are the same either way).</summary>
    public bool Streamed { get; init; }
}
