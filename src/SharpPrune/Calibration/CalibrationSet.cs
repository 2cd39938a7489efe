using static TorchSharp.torch;

namespace SharpPrune.Calibration;

/// <summary>
/// Calibration token windows [samples, seqLen] (int64, CPU) with the record of where each came
/// from and the SHA-256 of the source file, so a pruning recipe can name exactly what it saw.
/// </summary>
public sealed class CalibrationSet(Tensor ids, IReadOnlyList<CalibrationWindow> windows, string sourceSha256, bool concatenated) : IDisposable
{
    public Tensor Ids { get; } = ids;
    public IReadOnlyList<CalibrationWindow> Windows { get; } = windows;
    public string SourceSha256 { get; } = sourceSha256;
    /// <summary>True when no document was long enough and windows were cut from documents joined with EOS.</summary>
    public bool Concatenated { get; } = concatenated;

    public void Dispose() => Ids.Dispose();
}
