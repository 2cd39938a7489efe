namespace SharpPrune.Tests.Cli;

/// <summary>
/// The memory guard as a user meets it: a folder whose config.json claims a model far too big for any machine,
/// and no weights at all. The refusal must come from the config alone, before a weight file is looked for.
/// </summary>
public sealed class MemoryGuardCliTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-memory-").FullName;
    readonly string model;

    public MemoryGuardCliTests()
    {
        model = Path.Combine(temp, "huge");
        Directory.CreateDirectory(model);
        // About 22 trillion parameters: 88 TB of float32 weights.
        File.WriteAllText(Path.Combine(model, "config.json"), """
            {"model_type":"llama","vocab_size":128256,"hidden_size":65536,"intermediate_size":229376,"num_hidden_layers":400,
             "num_attention_heads":512,"num_key_value_heads":64,"max_position_embeddings":8192,"rms_norm_eps":1e-5}
            """);
        foreach (var file in new[] { "tokenizer.json", "tokenizer.model", "tokenizer_config.json" })
            File.Copy(Path.Combine(TinyModels.StoriesDir, file), Path.Combine(model, file));
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static void AssertRefused(CliProcess.Result r, string command, string firstPart)
    {
        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.Matches($@"^error: {command}: estimated peak [0-9.]+ [GT]B exceeds available [0-9.]+ [kMGT]?B \({firstPart} [0-9.]+ [GT]B, .*\); pass --force to run anyway$", line);
    }

    [Theory]
    [InlineData("magnitude")]
    [InlineData("wanda")]
    [InlineData("sparsegpt")]
    [InlineData("dpruner")]
    [InlineData("attribution")]
    public void PruneRefusesBeforeReadingWeightsForEveryMethod(string method)
    {
        string outDir = Path.Combine(temp, "out");
        // Attribution takes --ratio and refuses --sparsity; the others take --sparsity and ignore the attribution options.
        string[] fraction = method == "attribution" ? ["--ratio", "0.3"] : ["--sparsity", "0.5"];
        var r = CliProcess.Run(["prune", "--model", model, "--method", method, .. fraction, "--calib", TinyModels.Brown,
            "--general-calib", TinyModels.Brown, "--domain-calib", TinyModels.Brown, "--task", "pubmedqa", "--out", outDir]);
        AssertRefused(r, "prune", "weights");
        Assert.Equal(["huge"], Directory.GetFileSystemEntries(temp).Select(Path.GetFileName));
        Assert.Equal(["config.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json"], Directory.GetFileSystemEntries(model).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void WithForceTheRunGoesOnToTheMissingWeights()
    {
        var r = CliProcess.Run("prune", "--model", model, "--method", "magnitude", "--sparsity", "0.5", "--out", Path.Combine(temp, "out"), "--force");
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("estimated peak", r.Stderr);
        Assert.Contains("model.safetensors", r.Stderr);
    }

    [Fact]
    public void PplAndEvalRefuseOnWeightsAndActivations()
    {
        string data = Path.Combine(temp, "doc.txt");
        File.WriteAllText(data, "Once upon a time there was a little dog.");
        AssertRefused(CliProcess.Run("ppl", "--model", model, "--data", data), "ppl", "weights");
        AssertRefused(CliProcess.Run("eval", "--model", model, "--task", "pubmedqa", "--limit", "2"), "eval", "weights");
    }
}
