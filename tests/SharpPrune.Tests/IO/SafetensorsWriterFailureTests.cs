using SharpPrune.IO;
using static TorchSharp.torch;

namespace SharpPrune.Tests.IO;

/// <summary>A write that fails leaves the destination as it was and no temporary file behind.</summary>
public sealed class SafetensorsWriterFailureTests : IDisposable
{
    static readonly byte[] OldContent = [1, 2, 3, 4];

    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    string ExistingDestination()
    {
        var path = temp.File("model.safetensors");
        File.WriteAllBytes(path, OldContent);
        return path;
    }

    void AssertUntouched(string path)
    {
        Assert.Equal(OldContent, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void UnsupportedDtype()
    {
        var path = ExistingDestination();
        using var good = ones(2);
        using var complex = zeros(2, ScalarType.ComplexFloat32);

        var error = Assert.Throws<SharpPruneException>(() => SafetensorsWriter.Write(path, [("good", good), ("c", complex)]));

        Assert.Equal($"{path}: cannot write tensor 'c': dtype ComplexFloat32 is not supported", error.Message);
        AssertUntouched(path);
    }

    [Fact]
    public void DuplicateNames()
    {
        var path = ExistingDestination();
        using var t = ones(2);

        var error = Assert.Throws<SharpPruneException>(() => SafetensorsWriter.Write(path, [("w", t), ("w", t)]));

        Assert.Equal($"{path}: cannot write tensor 'w' twice", error.Message);
        AssertUntouched(path);
    }

    [Fact]
    public void ReservedMetadataName()
    {
        var path = ExistingDestination();
        using var t = ones(2);

        var error = Assert.Throws<SharpPruneException>(() => SafetensorsWriter.Write(path, [("__metadata__", t)]));

        Assert.Contains("reserves that key", error.Message);
        AssertUntouched(path);
    }

    [Fact]
    public void FailureAfterTheDataIsWrittenRemovesTheTemporaryFile()
    {
        // The destination is a non-empty folder, so only the final rename fails: by then the
        // temporary file is complete on disk and must still be cleaned up.
        var path = temp.File("model.safetensors");
        Directory.CreateDirectory(path);
        File.WriteAllBytes(Path.Combine(path, "inside"), OldContent);
        using var t = ones(2);

        var error = Assert.Throws<SharpPruneException>(() => SafetensorsWriter.Write(path, [("t", t)]));

        Assert.StartsWith($"{path}: cannot write:", error.Message);
        Assert.Equal([path], Directory.GetFileSystemEntries(temp.Path));
        Assert.Equal(OldContent, File.ReadAllBytes(Path.Combine(path, "inside")));
    }

    [Fact]
    public void ASuccessfulWriteReplacesTheOldFileAndLeavesNoTemporaryFile()
    {
        var path = ExistingDestination();
        using var t = ones(2);

        SafetensorsWriter.Write(path, [("t", t)]);

        Assert.NotEqual(OldContent, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(temp.Path));
    }
}
