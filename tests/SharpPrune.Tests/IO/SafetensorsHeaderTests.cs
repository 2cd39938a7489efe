using System.Buffers.Binary;
using System.Text;
using SharpPrune.IO;

namespace SharpPrune.Tests.IO;

/// <summary>Hostile and malformed files, crafted byte by byte; each must fail with the file and the problem named.</summary>
public sealed class SafetensorsHeaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>A file with the given header JSON (its true length in the prefix unless overridden) and data bytes.</summary>
    string Craft(string json, int dataLength, ulong? headerLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        var path = temp.File("crafted.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    string FailsWith(string path, string phrase)
    {
        var error = Assert.Throws<SharpPruneException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(phrase, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    [Fact]
    public void AValidCraftedFileOpens()
    {
        // Guards the helpers: the failures below are each one change away from this.
        var path = Craft("{" + Entry("b", "F32", "[2]", 8, 16) + "," + Entry("a", "I16", "[2,2]", 0, 8) + "}", 16);

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(["b", "a"], file.Names);
        Assert.Equal(new SafetensorsTensorInfo(SafetensorsDType.I16, file.Info("a").Shape, 0, 8), file.Info("a"));
        Assert.Equal([2L, 2L], file.Info("a").Shape);
    }

    [Fact]
    public void FileShorterThan8Bytes()
    {
        var path = temp.File("short.safetensors");
        File.WriteAllBytes(path, [1, 0, 0]);
        FailsWith(path, "3 bytes is shorter than the 8-byte header length");
    }

    [Fact]
    public void HeaderLengthNear2Pow63() =>
        FailsWith(Craft("{}", 0, headerLength: (1UL << 63) + 5), $"header length {(1UL << 63) + 5} is larger than the file");

    [Fact]
    public void HeaderLengthOf200MBInATinyFile() =>
        FailsWith(Craft("{}", 0, headerLength: 200_000_000), "header length 200000000 is larger than the file (10 bytes)");

    [Fact]
    public void HeaderLengthOverThe100MBLimitInAFileThatLarge()
    {
        var path = Craft("{}", 0, headerLength: 120_000_000);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(130_000_000); // sparse: costs no disk
        }
        FailsWith(path, "header length 120000000 exceeds the 100000000-byte limit");
    }

    [Fact]
    public void InvalidJson() => FailsWith(Craft("{\"a\":", 0), "header is not valid JSON");

    [Fact]
    public void JsonThatIsNotAnObject() => FailsWith(Craft("[1,2]", 0), "header is a JSON Array, not an object");

    [Fact]
    public void ShapeOfTheWrongType() =>
        FailsWith(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", 8), "tensor 'a': \"shape\" is a JSON String, not Array");

    [Fact]
    public void MissingDtype() =>
        FailsWith(Craft("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'a': missing \"dtype\"");

    [Fact]
    public void MetadataValueThatIsNotAString() =>
        FailsWith(Craft("{\"__metadata__\":{\"n\":3}," + Entry("a", "U8", "[1]", 0, 1) + "}", 1), "\"__metadata__\" entry 'n' is a JSON Number, not a string");

    [Fact]
    public void UnknownDtype() => FailsWith(Craft("{" + Entry("a", "F8_E9", "[1]", 0, 1) + "}", 1), "tensor 'a': unknown dtype \"F8_E9\"");

    [Fact]
    public void NegativeDim() => FailsWith(Craft("{" + Entry("a", "U8", "[-1]", 0, 1) + "}", 1), "\"shape\" holds -1, not a non-negative integer");

    [Fact]
    public void NonIntegerDim() => FailsWith(Craft("{" + Entry("a", "U8", "[1.5]", 0, 1) + "}", 1), "\"shape\" holds 1.5, not a non-negative integer");

    [Fact]
    public void OffsetsPastTheEndOfTheData() =>
        FailsWith(Craft("{" + Entry("a", "F32", "[4]", 0, 16) + "}", 8), "tensor 'a': data_offsets [0, 16] run past the end of the 8-byte data buffer");

    [Fact]
    public void BeginAfterEnd() => FailsWith(Craft("{" + Entry("a", "U8", "[0]", 4, 0) + "}", 4), "data_offsets begin 4 is after end 0");

    [Fact]
    public void OverlappingRanges() =>
        // Listed out of offset order, so only sorting finds the overlap.
        FailsWith(Craft("{" + Entry("late", "F32", "[2]", 4, 12) + "," + Entry("early", "F32", "[2]", 0, 8) + "}", 12),
            "tensor 'late': data_offsets [4, 12] overlap tensor 'early'");

    [Fact]
    public void ByteLengthThatDoesNotMatchTheShape() =>
        FailsWith(Craft("{" + Entry("a", "F32", "[3]", 0, 8) + "}", 8), "tensor 'a': data_offsets span 8 bytes but F32 shape [3] needs 12");

    [Fact]
    public void ShapeWhoseSizeOverflows() =>
        FailsWith(Craft("{" + Entry("a", "F32", "[1099511627776,1099511627776]", 0, 8) + "}", 8),
            "tensor 'a': shape [1099511627776, 1099511627776] is too large to address");

    [Fact]
    public void HoleBetweenTensors() =>
        FailsWith(Craft("{" + Entry("a", "U8", "[2]", 0, 2) + "," + Entry("b", "U8", "[2]", 4, 6) + "}", 6), "data buffer has a hole: bytes [2, 4) belong to no tensor");

    [Fact]
    public void BytesAfterTheLastTensor() =>
        FailsWith(Craft("{" + Entry("a", "U8", "[2]", 0, 2) + "}", 5), "data buffer has a hole: bytes [2, 5) at the end belong to no tensor");

    [Fact]
    public void TensorListedTwice() =>
        FailsWith(Craft("{" + Entry("a", "U8", "[2]", 0, 2) + "," + Entry("a", "U8", "[2]", 2, 4) + "}", 4), "header lists tensor 'a' twice");

    [Fact]
    public void ParsingTheLengthNeedsNoFile()
    {
        // The pure check, with a claimed file size: what matters is that no buffer was asked for.
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, ulong.MaxValue);
        var error = Assert.Throws<SharpPruneException>(() => SafetensorsHeader.ParseLength("x.safetensors", prefix, 1 << 20));
        Assert.Equal($"x.safetensors: header length {ulong.MaxValue} is larger than the file (1048576 bytes)", error.Message);
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, 24);
        Assert.Equal(24, SafetensorsHeader.ParseLength("x.safetensors", prefix, 32));
    }
}
