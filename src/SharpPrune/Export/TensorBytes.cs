using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SharpPrune.Export;

/// <summary>
/// A PyTorch tensor as GGUF tensor data: dimensions reversed (ggml lists the innermost first; the row-major bytes
/// are the same), values as little-endian f32 or f16 (IEEE half, rounded to nearest even as PyTorch's cast does).
/// </summary>
internal static class TensorBytes
{
    public static GgufTensor F32(string name, Tensor tensor) => new(name, Dims(tensor), GgmlType.F32, () => MemoryMarshal.AsBytes(Floats(tensor).AsSpan()).ToArray());

    public static GgufTensor F16(string name, Tensor tensor) => new(name, Dims(tensor), GgmlType.F16, () =>
    {
        var halves = Array.ConvertAll(Floats(tensor), f => (Half)f);
        return MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
    });

    static long[] Dims(Tensor tensor) => tensor.shape.Reverse().ToArray();

    static float[] Floats(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().to(CPU).to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
