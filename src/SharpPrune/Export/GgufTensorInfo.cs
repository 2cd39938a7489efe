namespace SharpPrune.Export;

/// <summary>A tensor as a GGUF file describes it: dimensions (innermost first), type, and offset in the data section.</summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dims, GgmlType Type, ulong Offset)
{
    public long ByteCount => GgmlTypeSizes.ByteCount(Type, Dims);
}
