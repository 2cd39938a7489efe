using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// What a method accumulates about one linear's calibration inputs while the walker runs a layer
/// (Wanda: squared column norms; SparseGPT: the Hessian XᵀX). It depends on the inputs alone, never on the linear's
/// weights, so the walker gives the linears that share an input (q/k/v, gate/up) one instance. Owns native memory: dispose it.
/// </summary>
public interface ILinearStatistics : IDisposable
{
    /// <summary>One batch of the linear's inputs, [tokens, in] float32.</summary>
    void AddBatch(Tensor inputs);
}
