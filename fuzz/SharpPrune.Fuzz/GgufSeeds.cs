using SharpPrune.Export;

namespace SharpPrune.Fuzz;

/// <summary>
/// GGUF seeds, made when the campaign starts (no binary seed is kept in the repository): a small file using every
/// metadata value type, a non-default alignment and tensors of quantized types; and stories260K as the export writes
/// it (f16, with its whole SentencePiece vocabulary as arrays).
/// </summary>
public static class GgufSeeds
{
    public static byte[] EveryValueType()
    {
        var metadata = new List<KeyValuePair<string, GgufValue>>
        {
            new("general.architecture", GgufValue.Of("llama")),
            new(GgufWriter.AlignmentKey, GgufValue.Of(64u)),
            new("u8", new GgufValue(GgufValueType.UInt8, (byte)7)),
            new("i8", new GgufValue(GgufValueType.Int8, (sbyte)-7)),
            new("u16", new GgufValue(GgufValueType.UInt16, (ushort)700)),
            new("i16", new GgufValue(GgufValueType.Int16, (short)-700)),
            new("i32", GgufValue.Of(-70_000)),
            new("f32", GgufValue.Of(0.5f)),
            new("bool", GgufValue.Of(true)),
            new("u64", new GgufValue(GgufValueType.UInt64, 1UL << 40)),
            new("i64", new GgufValue(GgufValueType.Int64, -(1L << 40))),
            new("f64", new GgufValue(GgufValueType.Float64, 0.25)),
            new("strings", GgufValue.Strings(["a", "▁b", "<0x0A>", ""])),
            new("floats", GgufValue.Floats([0f, -1f, 3.5f])),
            new("ints", GgufValue.Ints([1, 2, 3])),
        };
        var tensors = new List<GgufTensor>
        {
            Zeros("f32", [8, 2], GgmlType.F32),
            Zeros("f16", [16], GgmlType.F16),
            Zeros("q8_0", [64, 2], GgmlType.Q8_0),
            Zeros("q4_k", [256], GgmlType.Q4_K),
            Zeros("four_dims", [2, 2, 2, 2], GgmlType.F32),
        };
        using var stream = new MemoryStream();
        GgufWriter.Write(stream, metadata, tensors);
        return stream.ToArray();
    }

    public static byte[] Stories260K(string modelDir)
    {
        var folder = Directory.CreateTempSubdirectory("sharpprune-fuzz-gguf-");
        try
        {
            var result = GgufExport.Run(modelDir, Path.Combine(folder.FullName, "stories260K.gguf"), GgufOutputType.F16, false, null);
            return File.ReadAllBytes(result.Path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    static GgufTensor Zeros(string name, long[] dims, GgmlType type)
    {
        var tensor = new GgufTensor(name, dims, type, () => []);
        return tensor with { Data = () => new byte[tensor.ByteCount] };
    }
}
