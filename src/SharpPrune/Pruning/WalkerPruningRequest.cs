using SharpPrune.Data;
using SharpPrune.Memory;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// A magnitude, Wanda or SparseGPT run through the layer-wise walker: the method and pattern (the scope defaults to the
/// method's own), the calibration text and windows (the length defaults to min(2048, context)), and the linears pruned.
/// </summary>
public sealed record WalkerPruningRequest(string ModelDir, string Method, double Sparsity)
{
    public Device? Device { get; init; }
    /// <summary>"unstructured" or "N:M".</summary>
    public string Pattern { get; init; } = "unstructured";
    public PruningScope? Scope { get; init; }
    /// <summary>Calibration text; required by every method that needs calibration.</summary>
    public string? Calibration { get; init; }
    public string CalibrationField { get; init; } = "text";
    public DocumentFilter? CalibrationDocs { get; init; }
    public int Samples { get; init; } = 128;
    public int? SeqLen { get; init; }
    public long Seed { get; init; }
    public int BatchSize { get; init; } = 8;
    public bool TrueSequential { get; init; }
    public LinearSelection Selection { get; init; } = LinearSelection.All;
    /// <summary>Whether the decoder layers are streamed from disk, one at a time, each written to the output as it is pruned.</summary>
    public StreamMode Stream { get; init; } = StreamMode.Auto;
}
