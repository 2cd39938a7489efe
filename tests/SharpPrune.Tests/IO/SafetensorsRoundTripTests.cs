using System.Buffers.Binary;
using System.Text;
using SharpPrune.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Tests.IO;

public sealed class SafetensorsRoundTripTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    // Each case: a tensor built from values, and the little-endian bytes those values must have,
    // worked out by hand from the IEEE / two's-complement encodings.
    public static TheoryData<string, SafetensorsDType, byte[]> Cases => new()
    {
        // 1.0 = 0x3FF0000000000000, -2.0 = 0xC000000000000000
        { "F64", SafetensorsDType.F64, [0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0xC0] },
        // 1.0 = 0x3F800000, -2.0 = 0xC0000000
        { "F32", SafetensorsDType.F32, [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0] },
        // 1.0 = 0x3C00, -2.0 = 0xC000
        { "F16", SafetensorsDType.F16, [0x00, 0x3C, 0x00, 0xC0] },
        // 1.0 = 0x3F80, -2.0 = 0xC000
        { "BF16", SafetensorsDType.BF16, [0x80, 0x3F, 0x00, 0xC0] },
        // 1, -2
        { "I64", SafetensorsDType.I64, [1, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "I32", SafetensorsDType.I32, [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF] },
        { "I16", SafetensorsDType.I16, [1, 0, 0xFE, 0xFF] },
        { "I8", SafetensorsDType.I8, [1, 0xFE] },
        // 1, 254
        { "U8", SafetensorsDType.U8, [1, 0xFE] },
        // true, false
        { "BOOL", SafetensorsDType.BOOL, [1, 0] },
    };

    static Tensor Make(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.U8 => tensor(new byte[] { 1, 254 }),
        SafetensorsDType.BOOL => tensor(new[] { true, false }),
        _ => tensor(new[] { 1.0, -2.0 }).to(dtype.ScalarType),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryDtypeRoundTripsBitIdentically(string name, SafetensorsDType dtype, byte[] expected)
    {
        using var original = Make(dtype);
        Assert.Equal(expected, original.bytes.ToArray());
        var path = temp.File($"{name}.safetensors");

        SafetensorsWriter.Write(path, [("t", original)]);

        var file = System.IO.File.ReadAllBytes(path);
        Assert.Equal(expected, file[^expected.Length..]);
        using var reader = SafetensorsFile.Open(path);
        var info = reader.Info("t");
        Assert.Equal(dtype, info.DType);
        Assert.Equal([2L], info.Shape);
        using var read = reader.Read("t");
        Assert.Equal(dtype.ScalarType, read.dtype);
        Assert.Equal([2L], read.shape);
        Assert.Equal(expected, read.bytes.ToArray());
    }

    [Fact]
    public void HeaderIsCompactSortedMetadataFirstAndPaddedTo8()
    {
        using var b = tensor(new[] { 1f, 2f });
        using var a = tensor(new[] { 7L });
        var path = temp.File("h.safetensors");

        SafetensorsWriter.Write(path, [("b", b), ("a", a)], new Dictionary<string, string> { ["z"] = "1", ["format"] = "pt" });

        var bytes = System.IO.File.ReadAllBytes(path);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        const string json = """{"__metadata__":{"format":"pt","z":"1"},"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""";
        Assert.Equal(0UL, length % 8);
        Assert.Equal(json.Length + (8 - json.Length % 8) % 8, (int)length);
        Assert.Equal(json.PadRight((int)length), Encoding.UTF8.GetString(bytes, 8, (int)length));
        Assert.Equal(8 + (int)length + 16, bytes.Length);
    }

    [Fact]
    public void WritingTheSameTensorsTwiceGivesIdenticalFiles()
    {
        using var x = rand(3, 5);
        using var y = arange(10, dtype: ScalarType.Int32);
        var first = temp.File("1.safetensors");
        var second = temp.File("2.safetensors");

        SafetensorsWriter.Write(first, [("x", x), ("y", y)], new Dictionary<string, string> { ["k"] = "v" });
        SafetensorsWriter.Write(second, [("y", y), ("x", x)], new Dictionary<string, string> { ["k"] = "v" });

        Assert.Equal(System.IO.File.ReadAllBytes(first), System.IO.File.ReadAllBytes(second));
    }

    [Fact]
    public void ScalarsAndZeroSizeTensorsRoundTrip()
    {
        using var scalar = tensor(3.5f);
        using var empty = zeros([0, 3], ScalarType.Float32);
        using var after = tensor(new[] { 9 }, ScalarType.Int32);
        var path = temp.File("odd.safetensors");

        SafetensorsWriter.Write(path, [("scalar", scalar), ("empty", empty), ("after", after)]);

        using var reader = SafetensorsFile.Open(path);
        Assert.Equal(["after", "empty", "scalar"], reader.Names);
        using var readScalar = reader.Read("scalar");
        Assert.Empty(readScalar.shape);
        Assert.Equal(3.5f, readScalar.item<float>());
        using var readEmpty = reader.Read("empty");
        Assert.Equal([0L, 3L], readEmpty.shape);
        Assert.Equal(0, reader.Info("empty").ByteLength);
        using var readAfter = reader.Read("after");
        Assert.Equal(9, readAfter.item<int>());
    }

    [Fact]
    public void MetadataIsKept()
    {
        using var t = ones(2);
        var path = temp.File("m.safetensors");

        SafetensorsWriter.Write(path, [("t", t)], new Dictionary<string, string> { ["format"] = "pt", ["note"] = "pruned ½" });

        using var reader = SafetensorsFile.Open(path);
        Assert.Equal(2, reader.Metadata.Count);
        Assert.Equal("pt", reader.Metadata["format"]);
        Assert.Equal("pruned ½", reader.Metadata["note"]);
    }

    [Fact]
    public void ANonContiguousTensorIsWrittenInLogicalOrder()
    {
        using var matrix = tensor(new[] { 1f, 2f, 3f, 4f, 5f, 6f }).reshape(2, 3);
        using var transposed = matrix.t();
        var path = temp.File("t.safetensors");

        SafetensorsWriter.Write(path, [("t", transposed)]);

        using var reader = SafetensorsFile.Open(path);
        using var read = reader.Read("t");
        Assert.Equal([3L, 2L], read.shape);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], read.data<float>().ToArray());
    }

    [Fact]
    public void ReadingAnAbsentNameNamesTheFileAndTheTensor()
    {
        using var t = ones(1);
        var path = temp.File("absent.safetensors");
        SafetensorsWriter.Write(path, [("t", t)]);
        using var reader = SafetensorsFile.Open(path);

        var error = Assert.Throws<SharpPruneException>(() => reader.Read("nope"));

        Assert.Equal($"{path}: no tensor named 'nope'", error.Message);
    }
}
