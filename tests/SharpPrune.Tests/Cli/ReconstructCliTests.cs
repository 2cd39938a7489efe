using System.Text.Json;
using SharpPrune.IO;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Cli;

/// <summary>`prune --method reconstruct`: a saved mask (here Wanda's) re-solved on calibration text, and D-Pruner's new options' refusals.</summary>
public sealed class ReconstructCliTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-reconstructcli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void ReconstructingAWandaOutputKeepsItsZerosAndUpdatesTheOtherWeights()
    {
        string wanda = Path.Combine(temp, "wanda"), rebuilt = Path.Combine(temp, "rebuilt");
        string[] calibration = ["--calib", TinyModels.Brown, "--calib-docs", "0:0.8", "--nsamples", "8", "--seq-len", "64"];
        Assert.Equal(0, CliProcess.Run(["prune", "--model", TinyModels.StoriesDir, "--method", "wanda", "--sparsity", "0.5", .. calibration, "--out", wanda]).ExitCode);
        var r = CliProcess.Run(["prune", "--model", TinyModels.StoriesDir, "--method", "reconstruct", "--mask-from", wanda, .. calibration, "--out", rebuilt, "--json"]);
        Assert.Equal(0, r.ExitCode);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(rebuilt, "pruning.json")));
        Assert.Equal("reconstruct", manifest.RootElement.GetProperty("method").GetString());
        Assert.Equal("fixed mask", manifest.RootElement.GetProperty("pattern").GetProperty("kind").GetString());
        Assert.Equal(Path.GetFullPath(wanda), manifest.RootElement.GetProperty("reconstruct").GetProperty("mask_from").GetString());
        using var dense = CheckpointReader.Open(TinyModels.StoriesDir);
        using var masked = CheckpointReader.Open(wanda);
        using var solved = CheckpointReader.Open(rebuilt);
        int updated = 0;
        foreach (var matrix in manifest.RootElement.GetProperty("matrices").EnumerateArray())
        {
            string name = matrix.GetProperty("name").GetString()!;
            using var before = dense.Read(name);
            using var mask = masked.Read(name) == 0;
            using var after = solved.Read(name);
            Assert.True(((after == 0) == mask).all().item<bool>(), $"{name}: the zeros must be Wanda's, no more, no fewer");
            if (!(after.masked_select(~mask) == before.masked_select(~mask)).all().item<bool>()) updated++;
        }
        Assert.Equal(35, updated);
    }

    [Fact]
    public void RefusesAMissingMaskAndTheReleasedKnobInTheRankForm()
    {
        var r = CliProcess.Run("prune", "--model", TinyModels.StoriesDir, "--method", "reconstruct", "--calib", TinyModels.Brown, "--out", Path.Combine(temp, "x"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --method reconstruct needs --mask-from", r.Stderr.TrimEnd());
        r = CliProcess.Run("prune", "--model", TinyModels.StoriesDir, "--method", "dpruner", "--sparsity", "0.5", "--general-calib", TinyModels.Brown,
            "--domain-calib", TinyModels.Brown, "--lambda", "10", "--out", Path.Combine(temp, "y"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --lambda is the released form's knob; with --dual rank, G enters through --alpha", r.Stderr.TrimEnd());
        Assert.False(Directory.Exists(Path.Combine(temp, "y")));
    }
}
