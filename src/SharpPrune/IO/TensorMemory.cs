using TorchSharp;

namespace SharpPrune.IO;

/// <summary>
/// The native storage of a contiguous CPU tensor as a raw pointer, so file I/O can copy straight
/// between it and the file. TorchSharp 0.107 has no data_ptr(), and its <c>bytes</c> span stops at
/// 2 GiB, which one large embedding can pass; the span of the tensor's first element still gives
/// the start of storage, and the length comes from the element count.
/// </summary>
static unsafe class TensorMemory
{
    /// <summary>Start of the tensor's bytes; valid while the tensor lives. Null for a tensor of no elements.</summary>
    public static byte* Pointer(torch.Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException("expected a contiguous CPU tensor", nameof(tensor));
        }
        if (tensor.NumberOfElements == 0)
        {
            return null;
        }
        using var flat = tensor.view(-1);
        using var first = flat.narrow(0, 0, 1);
        fixed (byte* start = first.bytes)
        {
            return start;
        }
    }

    public static long ByteLength(torch.Tensor tensor) => tensor.NumberOfElements * tensor.ElementSize;
}
