using System.Text.Json;

namespace SharpPrune.Tests.Cli;

/// <summary>The CLI contract other tools rely on: verbs, options, --json last lines, one-line errors.</summary>
public class CliTests
{
    static string Stories => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    [Fact]
    public void GenerateFromBosPrintsTheReferenceStory()
    {
        var r = CliProcess.Run("generate", "--model", Stories, "--max-new-tokens", "40");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("Once upon a time, there was a little girl named Lily. She loved to play outside in the park.", r.Stdout);
    }

    [Fact]
    public void SampledGenerationIsReproducibleForASeed()
    {
        string[] args = ["generate", "--model", Stories, "--prompt", "Once upon a time", "--temperature", "0.9", "--top-p", "0.9", "--max-new-tokens", "30"];
        var a = CliProcess.Run([.. args, "--seed", "7"]);
        var b = CliProcess.Run([.. args, "--seed", "7"]);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Stdout, b.Stdout);
        Assert.False(string.IsNullOrWhiteSpace(a.Stdout));
    }

    [Fact]
    public void PplJsonLastLineMatchesTheTransformersReference()
    {
        var r = CliProcess.Run("ppl", "--model", Stories, "--data", Path.Combine(RepoPaths.Shared, "data", "general", "brown.jsonl"),
            "--max-docs", "3", "--seq-len", "128", "--stride", "64", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.LastLine);
        Assert.Equal(57.42301638994033, json.RootElement.GetProperty("ppl").GetDouble(), 1e-3);
        Assert.Equal(22376, json.RootElement.GetProperty("tokens_scored").GetInt64());
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void InfoJsonReportsParametersAndZeroSparsityOfADenseModel()
    {
        var r = CliProcess.Run("info", "--model", Stories, "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.LastLine);
        Assert.Equal(260032, json.RootElement.GetProperty("parameters").GetInt64());
        Assert.Equal("llama", json.RootElement.GetProperty("model_type").GetString());
        Assert.Equal(35, json.RootElement.GetProperty("matrices").GetArrayLength());
        Assert.Equal(0.0, json.RootElement.GetProperty("linear_sparsity").GetDouble());
    }

    [Theory]
    [InlineData("info", "--model", "/nonexistent/model")]
    [InlineData("ppl", "--model", "SHARED_MODEL", "--data", "/nonexistent.txt")]
    [InlineData("generate", "--model", "SHARED_MODEL", "--top-p", "0")]
    public void BadInputIsOneLineOnStderrWithExitCode2(params string[] args)
    {
        var r = CliProcess.Run(args.Select(a => a == "SHARED_MODEL" ? Stories : a).ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
    }
}
