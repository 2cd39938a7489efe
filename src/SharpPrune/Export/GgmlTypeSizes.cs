namespace SharpPrune.Export;

/// <summary>Block layout of each ggml type: elements per block and bytes per block (ggml's type traits).</summary>
public static class GgmlTypeSizes
{
    public static (int BlockElements, int BlockBytes) Of(GgmlType type) => type switch
    {
        GgmlType.F32 => (1, 4),
        GgmlType.F16 or GgmlType.BF16 => (1, 2),
        GgmlType.Q4_0 => (32, 18),
        GgmlType.Q4_1 => (32, 20),
        GgmlType.Q5_0 => (32, 22),
        GgmlType.Q5_1 => (32, 24),
        GgmlType.Q8_0 => (32, 34),
        GgmlType.Q8_1 => (32, 36),
        GgmlType.Q2_K => (256, 84),
        GgmlType.Q3_K => (256, 110),
        GgmlType.Q4_K => (256, 144),
        GgmlType.Q5_K => (256, 176),
        GgmlType.Q6_K => (256, 210),
        GgmlType.Q8_K => (256, 292),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown ggml type"),
    };

    /// <summary>Bytes of a tensor with the given dimensions (innermost first); rows must fill whole blocks.</summary>
    public static long ByteCount(GgmlType type, IReadOnlyList<long> dims)
    {
        var (blockElements, blockBytes) = Of(type);
        if (dims[0] % blockElements != 0)
            throw new ArgumentException($"row of {dims[0]} elements is not a whole number of {type} blocks of {blockElements}");
        // Checked: dimensions read from a file can multiply past 2^63, and a product wrapped to 0 or below would pass every bounds check.
        try
        {
            long bytes = checked(dims[0] / blockElements * blockBytes);
            for (int i = 1; i < dims.Count; i++) bytes = checked(bytes * dims[i]);
            return bytes;
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"dimensions [{string.Join(", ", dims)}] of {type} need more than 2^63 bytes");
        }
    }
}
