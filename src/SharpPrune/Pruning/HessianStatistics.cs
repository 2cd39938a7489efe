using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// H = (2/n)·Σ XᵀX over a linear's calibration inputs, kept as a running mean exactly as the
/// SparseGPT reference does (rescale by n/(n+t), add (√(2/(n+t))·X)ᵀ(…)), in float32 like the reference:
/// float64 would double the cost of the largest product in the calibration pass.
/// </summary>
public sealed class HessianStatistics(long inputs, Device device) : ILinearStatistics
{
    long tokens;

    public Tensor H { get; } = zeros(inputs, inputs, dtype: ScalarType.Float32, device: device).DetachFromDisposeScope();

    public long Tokens => tokens;

    public void AddBatch(Tensor inputs)
    {
        using var scope = NewDisposeScope();
        long t = inputs.shape[0];
        H.mul_((double)tokens / (tokens + t));
        tokens += t;
        var scaled = inputs.to_type(ScalarType.Float32) * Math.Sqrt(2.0 / tokens);
        H.addmm_(scaled.t(), scaled, 1f, 1f);
    }

    public void Dispose() => H.Dispose();
}
