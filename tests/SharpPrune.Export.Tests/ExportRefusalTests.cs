using SharpPrune.Tests.Cli;

namespace SharpPrune.Export.Tests;

/// <summary>Hostile or unsupported inputs to the export: one-line errors, and nothing left behind.</summary>
public sealed class ExportRefusalTests
{
    [Fact]
    public void ExistingOutIsRefusedWithoutOverwriteAndKept()
    {
        using var folder = new ExportFolder();
        string path = folder.File("model.gguf");
        File.WriteAllText(path, "keep me");
        var error = Assert.Throws<SharpPruneException>(() => GgufExport.Run(Models.Stories, path, GgufOutputType.F32, false, null));
        Assert.Equal($"{path}: already exists; pass --overwrite to replace it", error.Message);
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Equal(["model.gguf"], folder.Entries);

        GgufExport.Run(Models.Stories, path, GgufOutputType.F16, true, null);
        Assert.Equal(1u, GgufFile.Read(path)["general.file_type"]!.Value);
        Assert.Equal(["model.gguf"], folder.Entries);
    }

    [Theory]
    [InlineData("gpt2", """{"model_type":"gpt2","vocab_size":512,"n_embd":32,"n_layer":2,"n_head":4,"n_positions":128,"activation_function":"relu"}""", "activation_function relu")]
    [InlineData("neox", """{"model_type":"gpt_neox","vocab_size":512,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"rotary_pct":0.25,"max_position_embeddings":128,"layer_norm_eps":1e-5,"rope_scaling":{"type":"linear","factor":2.0}}""", "rope_scaling type")]
    [InlineData("mamba", """{"model_type":"mamba","vocab_size":512}""", "mamba")]
    [InlineData("gelu", """{"model_type":"llama","vocab_size":512,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,"num_attention_heads":4,"max_position_embeddings":128,"rms_norm_eps":1e-5,"hidden_act":"gelu"}""", "hidden_act gelu")]
    public void UnsupportedModelsAreRefusedByNameLeavingNothing(string name, string config, string named)
    {
        using var folder = new ExportFolder();
        string model = folder.File(name);
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, "config.json"), config);
        string path = folder.File("out.gguf");
        var error = Assert.Throws<SharpPruneException>(() => GgufExport.Run(model, path, GgufOutputType.F32, false, null));
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal([name], folder.Entries);
    }

    [Fact]
    public void CliReportsOneLineWithExitCode2AndLeavesTheFileAlone()
    {
        using var folder = new ExportFolder();
        string path = folder.File("model.gguf");
        File.WriteAllText(path, "keep me");
        var result = CliProcess.Run("export", "--model", Models.Stories, "--format", "gguf", "--out", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {path}: already exists; pass --overwrite to replace it", result.Stderr.Trim());
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Equal(["model.gguf"], folder.Entries);
    }

    [Fact]
    public void CliWritesAQuantizedFileThroughLlamaCpp()
    {
        using var folder = new ExportFolder();
        string path = folder.File("model.gguf");
        var result = CliProcess.Run("export", "--model", Models.Testbed, "--format", "gguf", "--out", path, "--type", "q8_0", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("\"Q8_0\":", result.LastLine);
        var file = GgufFile.Read(path);
        Assert.Equal(GgmlType.Q8_0, file.Tensor("blk.0.ffn_down.weight").Type);
        Assert.Equal(GgmlType.F32, file.Tensor("blk.0.attn_norm.weight").Type);
        Assert.Equal(["model.gguf"], folder.Entries);
    }
}
