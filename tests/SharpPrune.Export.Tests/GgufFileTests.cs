using System.Buffers.Binary;
using System.Text;

namespace SharpPrune.Export.Tests;

/// <summary>The GGUF writer checked byte by byte against the format, and read back by the reader.</summary>
public sealed class GgufFileTests
{
    static readonly byte[] Odd = Enumerable.Range(0, 3 * 4).Select(i => (byte)(i + 1)).ToArray();
    static readonly byte[] Matrix = Enumerable.Range(0, 5 * 7 * 2).Select(i => (byte)(200 - i)).ToArray();

    static List<KeyValuePair<string, GgufValue>> Metadata(uint? alignment = null)
    {
        var entries = new List<KeyValuePair<string, GgufValue>>
        {
            new("general.architecture", GgufValue.Of("llama")),
            new("test.u32", GgufValue.Of(7u)),
            new("test.i32", GgufValue.Of(-3)),
            new("test.f32", GgufValue.Of(0.25f)),
            new("test.bool", GgufValue.Of(true)),
            new("test.strings", GgufValue.Strings(["a", "▁b", ""])),
            new("test.ints", GgufValue.Ints([1, -2, 3])),
        };
        if (alignment is { } a) entries.Add(new("general.alignment", GgufValue.Of(a)));
        return entries;
    }

    static List<GgufTensor> Tensors() =>
    [
        new("odd", [3], GgmlType.F32, () => Odd),
        new("matrix", [7, 5], GgmlType.F16, () => Matrix),
        new("after", [1], GgmlType.F32, () => [9, 9, 9, 9]),
    ];

    static byte[] Write(uint? alignment = null)
    {
        using var stream = new MemoryStream();
        GgufWriter.Write(stream, Metadata(alignment), Tensors());
        return stream.ToArray();
    }

    [Fact]
    public void HeaderIsMagicVersion3AndCountsLittleEndian()
    {
        byte[] bytes = Write();
        Assert.Equal("GGUF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(3ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(7ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)));
        // First key: u64 length, bytes, u32 type 8 (string), then the string value.
        Assert.Equal(20ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)));
        Assert.Equal("general.architecture", Encoding.ASCII.GetString(bytes, 32, 20));
        Assert.Equal((uint)GgufValueType.String, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(52)));
        Assert.Equal(5ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(56)));
        Assert.Equal("llama", Encoding.ASCII.GetString(bytes, 64, 5));
    }

    [Theory]
    [InlineData(null, 32u, 128ul)]
    [InlineData(64u, 64u, 192ul)]
    public void TensorsStartAlignedAtTheirOffsetsWithTheirBytes(uint? alignment, uint expected, ulong thirdOffset)
    {
        using var folder = new ExportFolder();
        string path = folder.File("t.gguf");
        File.WriteAllBytes(path, Write(alignment));
        var file = GgufFile.Read(path);

        Assert.Equal(3u, file.Version);
        Assert.Equal(expected, file.Alignment);
        Assert.Equal(0, file.DataOffset % expected);
        Assert.Equal(["odd", "matrix", "after"], file.Tensors.Select(t => t.Name));
        Assert.Equal([3L], file.Tensors[0].Dims);
        Assert.Equal([7L, 5L], file.Tensors[1].Dims);
        Assert.Equal(GgmlType.F16, file.Tensors[1].Type);
        // 12 bytes, then the next tensor at the next multiple of the alignment; 70 bytes from there, the same.
        Assert.Equal([0ul, expected, thirdOffset], file.Tensors.Select(t => t.Offset));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(Odd, bytes.AsSpan((int)file.DataOffset, 12).ToArray());
        Assert.Equal(Matrix, bytes.AsSpan((int)(file.DataOffset + (long)file.Tensors[1].Offset), 70).ToArray());
        Assert.Equal(Matrix, file.ReadData(file.Tensors[1]));
        Assert.Equal(0, bytes.Length % expected);
        Assert.Equal(file.DataOffset + (long)file.Tensors[2].Offset + expected, bytes.Length);
    }

    [Fact]
    public void MetadataReadsBackAsWritten()
    {
        using var folder = new ExportFolder();
        string path = folder.File("t.gguf");
        File.WriteAllBytes(path, Write());
        var file = GgufFile.Read(path);
        Assert.Equal(Metadata().Select(kv => kv.Key), file.Metadata.Select(kv => kv.Key));
        Assert.Equal(7u, file["test.u32"]!.Value);
        Assert.Equal(-3, file["test.i32"]!.Value);
        Assert.Equal(0.25f, file["test.f32"]!.Value);
        Assert.Equal(true, file["test.bool"]!.Value);
        Assert.Equal(["a", "▁b", ""], ((IReadOnlyList<object>)file["test.strings"]!.Value).Cast<string>());
        Assert.Equal([1, -2, 3], ((IReadOnlyList<object>)file["test.ints"]!.Value).Cast<int>());
    }

    [Fact]
    public void WriterRefusesDataOfTheWrongSizeAndDuplicateNames()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => GgufWriter.Write(stream, [], [new GgufTensor("x", [4], GgmlType.F32, () => new byte[15])]));
        Assert.Throws<ArgumentException>(() => GgufWriter.Write(new MemoryStream(), [],
            [new GgufTensor("x", [1], GgmlType.F32, () => new byte[4]), new GgufTensor("x", [1], GgmlType.F32, () => new byte[4])]));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("magic")]
    [InlineData("count")]
    [InlineData("offset")]
    public void DamagedFilesAreRefusedNamingTheFile(string damage)
    {
        using var folder = new ExportFolder();
        string path = folder.File("bad.gguf");
        byte[] bytes = Write();
        var file = WriteAndRead(folder, bytes);
        switch (damage)
        {
            case "truncated": bytes = bytes[..(bytes.Length - 40)]; break;
            case "magic": bytes[0] = (byte)'X'; break;
            case "count": BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), ulong.MaxValue / 2); break;
            case "offset":
                // The last tensor's offset is the 8 bytes just before the padding that ends the infos.
                int at = IndexOf(bytes, Encoding.ASCII.GetBytes("after")) + 5 + 4 + 8 + 4;
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), file.Tensors[2].Offset + 1);
                break;
        }
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<SharpPruneException>(() => GgufFile.Read(path));
        Assert.StartsWith(path + ":", error.Message);
    }

    /// <summary>
    /// Found by the gguf fuzz target's hand-made inputs: dimensions each within the file's size whose product passes
    /// 2^63 bytes. Unchecked, 65536^4 f32 elements (2^66 bytes) wrapped to 0 and the file was accepted; a product that
    /// wrapped negative passed the bounds check and crashed ReadData with an OverflowException.
    /// </summary>
    [Theory]
    [InlineData(65536L, 65536L, 65536L, 65536L)]
    [InlineData(3 * 65536L, 65536L, 65536L, 65535L)]
    public void DimensionsWhoseProductOverflowsAreRefused(long d0, long d1, long d2, long d3)
    {
        using var folder = new ExportFolder();
        string path = folder.File("overflow.gguf");
        byte[] bytes = Write();
        // The first tensor ("odd", 1 dimension of 3) made 4-dimensional in place: its name, then count and dimensions.
        int at = IndexOf(bytes, Encoding.ASCII.GetBytes("odd")) + 3;
        var head = bytes[..at].ToList();
        head.AddRange(BitConverter.GetBytes(4u));
        foreach (long d in new[] { d0, d1, d2, d3 }) head.AddRange(BitConverter.GetBytes(d));
        head.AddRange(bytes[(at + 4 + 8)..]);
        head.AddRange(new byte[65536 - head.Count % 65536]);
        File.WriteAllBytes(path, head.ToArray());
        var error = Assert.Throws<SharpPruneException>(() => GgufFile.Read(path));
        Assert.Equal($"{path}: tensor odd: dimensions [{d0}, {d1}, {d2}, {d3}] of F32 need more than 2^63 bytes", error.Message);
    }

    static GgufFile WriteAndRead(ExportFolder folder, byte[] bytes)
    {
        string path = folder.File("good.gguf");
        File.WriteAllBytes(path, bytes);
        return GgufFile.Read(path);
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
