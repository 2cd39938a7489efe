using static TorchSharp.torch;

namespace SharpPrune;

/// <summary>
/// Element-wise powers without a Scalar argument. TorchSharp's square() and pow(n) pass a temporary Scalar whose
/// finalizer can run before libtorch reads it (no GC.KeepAlive), which under GC pressure aborts the process with
/// "Unknown scalar type" (seen in the SparseGPT benchmark); a tensor product has no such temporary.
/// </summary>
public static class TensorMath
{
    public static Tensor Squared(this Tensor t) => t.mul(t);

    public static Tensor Cubed(this Tensor t) => t.mul(t).mul_(t);
}
