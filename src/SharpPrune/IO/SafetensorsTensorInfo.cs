namespace SharpPrune.IO;

/// <summary>
/// One tensor's header entry. <see cref="Begin"/> and <see cref="End"/> are byte offsets into the
/// file's data buffer (which starts right after the header), as in the format.
/// </summary>
public sealed record SafetensorsTensorInfo(SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;

    public long ElementCount => ByteLength / DType.ElementSize;
}
