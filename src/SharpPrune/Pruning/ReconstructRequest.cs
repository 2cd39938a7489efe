using SharpPrune.Data;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// Keep a saved pruned model's zeros (<paramref name="MaskFrom"/>) and re-solve the other weights of the dense model
/// it was cut from (<paramref name="ModelDir"/>) on the calibration text: SparseGPT's OBS update with the mask held
/// fixed, layer by layer. The calibration fields are the walker's (<see cref="WalkerPruningRequest"/>): the text, its
/// field and documents, and the windows (the length defaults to min(2048, context)).
/// </summary>
public sealed record ReconstructRequest(string ModelDir, string MaskFrom)
{
    public Device? Device { get; init; }
    /// <summary>Calibration text; required (the Hessians come from it).</summary>
    public string? Calibration { get; init; }
    public string CalibrationField { get; init; } = "text";
    public DocumentFilter? CalibrationDocs { get; init; }
    public int Samples { get; init; } = 128;
    public int? SeqLen { get; init; }
    public long Seed { get; init; }
    public LinearSelection Selection { get; init; } = LinearSelection.All;
    public int BatchSize { get; init; } = 1;
}
