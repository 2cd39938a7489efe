using SharpPrune.Calibration;
using SharpPrune.Comparison;
using SharpPrune.IO;
using SharpPrune.Pruning;
using SharpPrune.Pruning.Attribution;
using SharpPrune.Pruning.DPruner;
using SharpPrune.Tasks;
using SharpPrune.Tests.Cli;
using SharpPrune.Training;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>
/// An output that is, sits inside or holds an input is refused before any work, by every run: the calibration files
/// named below do not exist, so a run that did any work before the check would fail on them instead.
/// </summary>
public sealed class OutputApartTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-apart-").FullName;
    readonly string model;
    readonly string missing;

    public OutputApartTests()
    {
        model = Path.Combine(temp, "model");
        Directory.CreateDirectory(model);
        foreach (var file in Directory.EnumerateFiles(TinyModels.StoriesDir)) File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        missing = Path.Combine(temp, "no-such-calibration.jsonl");
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void WalkerRefusesTheModelFolderItselfEvenWithOverwriteAndLeavesItUntouched()
    {
        var before = Directory.GetFiles(model).Select(File.ReadAllBytes).ToList();
        var e = Assert.Throws<SharpPruneException>(() => PruningRun.Walker(
            new WalkerPruningRequest(model, "wanda", 0.5) { Calibration = missing }, new PruningOutput(model, Overwrite: true)));
        Assert.Equal($"--out {model} is an input of this run; write the result elsewhere", e.Message);
        Assert.Equal(before, Directory.GetFiles(model).Select(File.ReadAllBytes).ToList());
        Assert.False(File.Exists(model + ".lock"));
    }

    [Fact]
    public void WalkerRefusesAnOutputInsideTheModelFolder()
    {
        string inside = Path.Combine(model, "pruned");
        var e = Assert.Throws<SharpPruneException>(() => PruningRun.Walker(
            new WalkerPruningRequest(model, "magnitude", 0.5), new PruningOutput(inside)));
        Assert.Equal($"--out {inside} is inside the input folder {model}; write the result elsewhere", e.Message);
        Assert.False(Directory.Exists(inside));
    }

    [Fact]
    public void WalkerRefusesAnOutputHoldingItsCalibrationFile()
    {
        string calibration = Path.Combine(temp, "data", "calib.jsonl");
        var e = Assert.Throws<SharpPruneException>(() => PruningRun.Walker(
            new WalkerPruningRequest(model, "wanda", 0.5) { Calibration = calibration }, new PruningOutput(Path.Combine(temp, "data"), Overwrite: true)));
        Assert.Contains("holds the input", e.Message);
    }

    [Fact]
    public void DPrunerRefusesTheModelFolderBeforeStageOne()
    {
        var options = new DPrunerOptions
        {
            Sparsity = 0.5,
            GeneralCalibration = new CalibrationSpec(missing, SeqLen: 64),
            Domain = new DomainData(new CalibrationSpec(missing, SeqLen: 64)),
        };
        var e = Assert.Throws<SharpPruneException>(() => PruningRun.DPruner(new DPrunerRequest(model, options), new PruningOutput(model, Overwrite: true)));
        Assert.Contains("is an input of this run", e.Message);
        var work = Assert.Throws<SharpPruneException>(() => PruningRun.DPruner(new DPrunerRequest(model, options) { WorkDir = model },
            new PruningOutput(Path.Combine(temp, "out"))));
        Assert.StartsWith($"--work-dir {model} is an input", work.Message);
    }

    [Fact]
    public void AttributionRefusesAnOutputInsideTheModelFolder()
    {
        var request = new AttributionRequest(model, "attribution", new ChoiceTask("t", []), new AttributionOptions { Ratio = 0.2 });
        var e = Assert.Throws<SharpPruneException>(() => PruningRun.Attribution(request, new PruningOutput(Path.Combine(model, "x"))));
        Assert.Contains("is inside the input folder", e.Message);
    }

    [Fact]
    public void TrainingRefusesItsModelFolderAsOutput()
    {
        var request = new TrainingRequest(model, null, null, [new TrainingSource(missing)], model, new TrainingOptions(), false, true, CPU);
        var e = Assert.Throws<SharpPruneException>(() => TrainingRun.Execute(request, null, null, CancellationToken.None));
        Assert.Contains("is an input of this run", e.Message);
    }

    [Fact]
    public void CompareRefusesAReportOrCacheInsideAComparedModel()
    {
        var suite = new ComparisonSuite(Path.Combine(temp, "suite.json"), [], []);
        Assert.Contains("is inside the input folder", Assert.Throws<SharpPruneException>(() =>
            ComparisonReport.CheckOutput(Path.Combine(model, "report"), null, suite, [model])).Message);
        Assert.StartsWith("--cache", Assert.Throws<SharpPruneException>(() =>
            ComparisonReport.CheckOutput(Path.Combine(temp, "report"), model, suite, [model])).Message);
        ComparisonReport.CheckOutput(Path.Combine(temp, "report"), Path.Combine(temp, "report.cache"), suite, [model]);
    }

    [Fact]
    public void SiblingsWithACommonPrefixAreApart()
    {
        OutputPaths.CheckApart(model + "-pruned", "--out", [model, model + "/"]);
        Assert.Throws<SharpPruneException>(() => OutputPaths.CheckApart(model + "/", "--out", [model]));
    }

    [Fact]
    public void CliRefusesAnOutputInsideTheModelFolderInOneLine()
    {
        var r = CliProcess.Run("prune", "--model", model, "--method", "magnitude", "--sparsity", "0.5", "--out", Path.Combine(model, "pruned"), "--overwrite");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --out {Path.Combine(model, "pruned")} is inside the input folder {model}; write the result elsewhere", r.Stderr.TrimEnd());
    }
}
