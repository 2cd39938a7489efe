using SharpPrune.IO;
using SharpPrune.Models;

namespace SharpPrune.Tests.Models;

/// <summary>Load → save → load keeps every tensor bit for bit, the HF names, dtypes, shards and companion files.</summary>
public sealed class SaveLoadTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-save-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static Dictionary<string, byte[]> TensorBytes(string dir)
    {
        using var reader = CheckpointReader.Open(dir);
        return reader.Names.ToDictionary(n => n, n =>
        {
            using var t = reader.Read(n);
            return t.bytes.ToArray();
        });
    }

    static Dictionary<string, string> Shards(string dir)
    {
        using var reader = CheckpointReader.Open(dir);
        return reader.Names.ToDictionary(n => n, reader.ShardOf);
    }

    [Theory]
    [InlineData("shared:models/stories260K")]
    [InlineData("fixture:llama_tied_sharded")]
    [InlineData("fixture:gpt2")]
    [InlineData("fixture:neox_parallel")]
    public void SaveThenLoadIsBitIdentical(string source)
    {
        string dir = source.StartsWith("shared:")
            ? Path.Combine(RepoPaths.Shared, source["shared:".Length..])
            : Path.Combine(RepoPaths.Fixtures, "reference", "models", source["fixture:".Length..]);
        string saved = Path.Combine(temp, "saved");
        using (var model = CausalLM.Load(dir)) model.Save(saved);

        Assert.Equal(TensorBytes(dir), TensorBytes(saved));
        Assert.Equal(Shards(dir), Shards(saved));
        foreach (var file in Directory.EnumerateFiles(dir).Where(f => !f.EndsWith(".safetensors") && !f.EndsWith(".index.json")))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(saved, Path.GetFileName(file))));

        using var reloaded = CausalLM.Load(saved);
        Assert.Equal(reloaded.ParameterCount, CausalLM.Load(dir).ParameterCount);
    }

    [Fact]
    public void SaveRefusesAnExistingFolderUnlessOverwriting()
    {
        string dir = Path.Combine(RepoPaths.Fixtures, "reference", "models", "llama_gqa");
        string target = Path.Combine(temp, "exists");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");
        using var model = CausalLM.Load(dir);
        var error = Assert.Throws<SharpPruneException>(() => model.Save(target));
        Assert.Contains("exists", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "keep.txt")));
        model.Save(target, overwrite: true);
        Assert.False(File.Exists(Path.Combine(target, "keep.txt")));
        Assert.True(File.Exists(Path.Combine(target, "model.safetensors")));
    }
}
