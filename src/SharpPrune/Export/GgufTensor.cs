namespace SharpPrune.Export;

/// <summary>
/// A tensor to write: its GGUF name, its dimensions in ggml order (innermost, i.e. the row length, first: a
/// PyTorch [out, in] weight is [in, out] here), its type, and a function giving its bytes, called only when the
/// data is written so a large model is never held twice.
/// </summary>
public sealed record GgufTensor(string Name, IReadOnlyList<long> Dims, GgmlType Type, Func<byte[]> Data)
{
    public long ByteCount => GgmlTypeSizes.ByteCount(Type, Dims);
}
