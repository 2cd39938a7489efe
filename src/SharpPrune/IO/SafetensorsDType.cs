namespace SharpPrune.IO;

/// <summary>
/// The element types SharpPrune reads and writes in safetensors files. The member names are the
/// format's own dtype strings, so <c>ToString()</c> is what goes into a header.
/// </summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    BOOL,
}
