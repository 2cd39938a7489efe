using SharpPrune.Calibration;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// Keep a saved pruned model's zeros (<paramref name="MaskFrom"/>) and re-solve the other weights of the dense model
/// it was cut from (<paramref name="ModelDir"/>) on <paramref name="Calibration"/>: SparseGPT's OBS update with the
/// mask held fixed, layer by layer.
/// </summary>
public sealed record ReconstructRequest(string ModelDir, string MaskFrom, CalibrationSpec Calibration)
{
    public Device? Device { get; init; }
    public LinearSelection Selection { get; init; } = LinearSelection.All;
    public int BatchSize { get; init; } = 1;
}
