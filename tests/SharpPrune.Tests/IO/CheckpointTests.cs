using System.Text.Json;
using SharpPrune.IO;
using static TorchSharp.torch;

namespace SharpPrune.Tests.IO;

public sealed class CheckpointTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    static string ShardedFixture => Path.Combine(RepoPaths.Fixtures, "reference", "models", "llama_tied_sharded");

    void WriteIndex(string weightMapJson) =>
        File.WriteAllText(temp.File(CheckpointIndex.FileName), "{\"metadata\":{},\"weight_map\":{" + weightMapJson + "}}");

    string FailsToOpen(string phrase)
    {
        var error = Assert.Throws<SharpPruneException>(() => CheckpointReader.Open(temp.Path).Dispose());
        Assert.Contains(phrase, error.Message);
        return error.Message;
    }

    [Fact]
    public void ASingleFileCheckpointRoundTripsWithPtFormatMetadata()
    {
        using var w = tensor(new[] { 1f, 2f, 3f });
        using var b = tensor(new[] { 4L });

        CheckpointWriter.Write(temp.Path, [("w", w), ("b", b)]);

        Assert.Equal(["model.safetensors"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        using var model = CheckpointReader.Open(temp.Path);
        Assert.False(model.IsSharded);
        Assert.Equal(["b", "w"], model.Names);
        Assert.Equal("pt", model.Metadata["format"]);
        using var read = model.Read("w");
        Assert.Equal([1f, 2f, 3f], read.data<float>().ToArray());
    }

    [Fact]
    public void AShardedModelIsSavedBackInTheSameLayout()
    {
        var output = temp.File("out");
        using (var source = CheckpointReader.Open(ShardedFixture))
        {
            using var scope = NewDisposeScope();
            var tensors = source.Names.Select(name => (name, source.Read(name))).ToList();
            var shardOf = source.Names.ToDictionary(name => name, source.ShardOf);

            CheckpointWriter.Write(output, tensors, shardOf);
        }

        var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, CheckpointIndex.FileName))).RootElement;
        Assert.Equal(82_560, index.GetProperty("metadata").GetProperty("total_size").GetInt64());
        var names = index.GetProperty("weight_map").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        using var original = CheckpointReader.Open(ShardedFixture);
        using var copy = CheckpointReader.Open(output);
        Assert.True(copy.IsSharded);
        Assert.Equal(original.Names.Order(StringComparer.Ordinal), copy.Names);
        foreach (var name in original.Names)
        {
            Assert.Equal(original.ShardOf(name), copy.ShardOf(name));
            using var a = original.Read(name);
            using var b = copy.Read(name);
            Assert.Equal(a.bytes.ToArray(), b.bytes.ToArray());
        }
        Assert.Equal(6, Directory.GetFiles(output).Length);
    }

    [Fact]
    public void AFolderWithNeitherFile()
    {
        var message = FailsToOpen("no model.safetensors or model.safetensors.index.json");
        Assert.StartsWith(temp.Path, message);
    }

    [Fact]
    public void AFolderWithBothLayouts()
    {
        using var t = ones(1);
        CheckpointWriter.Write(temp.Path, [("t", t)]);
        WriteIndex("\"t\":\"model.safetensors\"");
        FailsToOpen("holds both model.safetensors and model.safetensors.index.json");
    }

    [Fact]
    public void AShardNameThatClimbsOutOfTheFolder()
    {
        WriteIndex("\"w\":\"../evil.safetensors\"");
        var message = FailsToOpen("shard '../evil.safetensors' for tensor 'w' is not a plain file name in the model folder");
        Assert.StartsWith(temp.File(CheckpointIndex.FileName) + ": ", message);
    }

    [Fact]
    public void AnAbsoluteShardName()
    {
        WriteIndex("\"w\":\"/etc/passwd\"");
        var message = FailsToOpen("shard '/etc/passwd' for tensor 'w' is not a plain file name");
        Assert.StartsWith(temp.File(CheckpointIndex.FileName) + ": ", message);
    }

    [Fact]
    public void AShardNameWithADirectory()
    {
        WriteIndex("\"w\":\"sub/a.safetensors\"");
        FailsToOpen("shard 'sub/a.safetensors' for tensor 'w' is not a plain file name");
    }

    [Fact]
    public void AMissingShard()
    {
        WriteIndex("\"w\":\"model-00001-of-00002.safetensors\"");
        var message = FailsToOpen("shard 'model-00001-of-00002.safetensors' does not exist in the model folder");
        Assert.StartsWith(temp.File(CheckpointIndex.FileName) + ": ", message);
    }

    [Fact]
    public void ATensorListedInTheIndexButAbsentFromItsShard()
    {
        using var t = ones(1);
        SafetensorsWriter.Write(temp.File("a.safetensors"), [("present", t)]);
        WriteIndex("\"present\":\"a.safetensors\",\"ghost\":\"a.safetensors\"");
        var message = FailsToOpen("tensor 'ghost' listed in model.safetensors.index.json is missing from this shard");
        Assert.StartsWith(temp.File("a.safetensors") + ": ", message);
    }

    [Fact]
    public void TensorsInAShardButNotInTheIndexAreTolerated()
    {
        using var t = ones(1);
        SafetensorsWriter.Write(temp.File("a.safetensors"), [("listed", t), ("extra", t)]);
        WriteIndex("\"listed\":\"a.safetensors\"");

        using var model = CheckpointReader.Open(temp.Path);

        Assert.Equal(["listed"], model.Names);
        Assert.Throws<SharpPruneException>(() => model.Info("extra"));
    }

    [Fact]
    public void AnIndexThatIsNotJson()
    {
        File.WriteAllText(temp.File(CheckpointIndex.FileName), "{weight_map:");
        FailsToOpen("model.safetensors.index.json: not valid JSON");
    }

    [Fact]
    public void AnIndexWithoutAWeightMap()
    {
        File.WriteAllText(temp.File(CheckpointIndex.FileName), "{\"metadata\":{}}");
        FailsToOpen("expected a JSON object with a \"weight_map\" object");
    }

    [Fact]
    public void WritingWithAHostileShardNameWritesNothing()
    {
        using var t = ones(1);
        var error = Assert.Throws<SharpPruneException>(() =>
            CheckpointWriter.Write(temp.Path, [("a", t), ("b", t)], new Dictionary<string, string> { ["a"] = "ok.safetensors", ["b"] = "../evil.safetensors" }));
        Assert.Contains("shard '../evil.safetensors' for tensor 'b' is not a plain file name", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        Assert.False(File.Exists(Path.Combine(temp.Path, "..", "evil.safetensors")));
    }

    [Fact]
    public void WritingATensorWithoutAShardWritesNothing()
    {
        using var t = ones(1);
        var error = Assert.Throws<SharpPruneException>(() =>
            CheckpointWriter.Write(temp.Path, [("a", t), ("b", t)], new Dictionary<string, string> { ["a"] = "ok.safetensors" }));
        Assert.Equal($"{temp.File(CheckpointIndex.FileName)}: no shard given for tensor 'b'", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }
}
