using System.Text.Json;

namespace SharpPrune.Tests.Cli;

/// <summary>`sharpprune prune` as a user runs it: the output folder, pruning.json, and refusals that lose nothing.</summary>
public sealed class PruneCliTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-prunecli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    string[] Args(string outDir, params string[] extra) =>
        ["prune", "--model", TinyModels.StoriesDir, "--method", "wanda", "--sparsity", "0.5", "--calib", TinyModels.Brown,
         "--calib-docs", "0:0.8", "--nsamples", "8", "--seq-len", "64", "--out", outDir, .. extra];

    [Fact]
    public void WritesACompleteModelFolderWithItsRecipeAndAJsonLastLine()
    {
        string outDir = Path.Combine(temp, "out");
        var r = CliProcess.Run(Args(outDir, "--json"));
        Assert.Equal(0, r.ExitCode);
        using var last = JsonDocument.Parse(r.LastLine);
        Assert.Equal(outDir, last.RootElement.GetProperty("out").GetString());
        Assert.Equal(0.5, last.RootElement.GetProperty("sparsity").GetDouble(), 6);
        foreach (var file in new[] { "config.json", "model.safetensors", "tokenizer.json", "tokenizer.model", "pruning.json" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pruning.json")));
        var calibration = manifest.RootElement.GetProperty("calibration");
        Assert.Equal(8, calibration.GetProperty("windows").GetArrayLength());
        Assert.Equal(64, calibration.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(35, manifest.RootElement.GetProperty("matrices").GetArrayLength());
        Assert.True(manifest.RootElement.GetProperty("run").GetProperty("peak_memory_bytes").GetInt64() > 0);
        Assert.DoesNotContain(Directory.GetDirectories(temp), d => d.Contains(".tmp"));
        Assert.Equal(0, CliProcess.Run("info", "--model", outDir).ExitCode);
    }

    [Fact]
    public void TrueSequentialIsRecordedAndKeepsTheExactSparsity()
    {
        string outDir = Path.Combine(temp, "sequential");
        var r = CliProcess.Run(Args(outDir, "--true-sequential", "--json"));
        Assert.Equal(0, r.ExitCode);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pruning.json")));
        Assert.True(manifest.RootElement.GetProperty("true_sequential").GetBoolean());
        Assert.All(manifest.RootElement.GetProperty("matrices").EnumerateArray(), m => Assert.Equal(0.5, m.GetProperty("sparsity").GetDouble(), 6));
    }

    [Fact]
    public void RefusesAnExistingOutputUnlessOverwriteAndKeepsIt()
    {
        string outDir = Path.Combine(temp, "taken");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "mine.txt"), "keep");
        var r = CliProcess.Run(Args(outDir));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {outDir}: already exists (use --overwrite to replace it)", r.Stderr.TrimEnd());
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outDir, "mine.txt")));
    }

    [Theory]
    [InlineData("--sparsity", "1.5", "--sparsity must be in (0, 1)")]
    [InlineData("--pattern", "4:4", "N:M needs 1 ≤ N < M")]
    [InlineData("--pattern", "3:7", "needs the input width to be a multiple of 7")]
    [InlineData("--include", "*.fc_in", "glob '*.fc_in' matches no linear")]
    [InlineData("--seq-len", "100000", "exceeds the model's context of 512 tokens")]
    [InlineData("--calib", "TINY_FILE", "calibration data too short")]
    public void BadRequestsGetOneClearLine(string option, string value, string expected)
    {
        string outDir = Path.Combine(temp, "bad");
        if (value == "TINY_FILE")
            File.WriteAllLines(value = Path.Combine(temp, "tiny.jsonl"), Enumerable.Range(0, 5).Select(i => $"{{\"id\":\"d{i}\",\"text\":\"Hi.\"}}"));
        var args = Args(outDir).ToList();
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var r = CliProcess.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.Contains(expected, r.Stderr);
        Assert.False(Directory.Exists(outDir));
    }
}
