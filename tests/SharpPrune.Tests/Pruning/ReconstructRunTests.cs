using System.Text.Json;
using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Pruning;

namespace SharpPrune.Tests.Pruning;

/// <summary>
/// <see cref="PruningRun.Reconstruct"/> takes the walker's calibration fields and builds the windows itself, as
/// <see cref="PruningRun.Walker"/> does: the same refusal without text and the same default length, min(2048, context).
/// </summary>
public sealed class ReconstructRunTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-reconstructrun-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void WithoutALengthTheWindowsAreTheModelsContextAndWithoutTextTheRunIsRefused()
    {
        string magnitude = Path.Combine(temp, "magnitude"), rebuilt = Path.Combine(temp, "rebuilt");
        PruningRun.Walker(new WalkerPruningRequest(TinyModels.StoriesDir, "magnitude", 0.5), new PruningOutput(magnitude));

        var e = Assert.Throws<SharpPruneException>(() =>
            PruningRun.Reconstruct(new ReconstructRequest(TinyModels.StoriesDir, magnitude), new PruningOutput(rebuilt)));
        Assert.Equal("--method reconstruct needs --calib", e.Message);
        Assert.False(Directory.Exists(rebuilt));

        var docs = DocumentFilter.Parse("0:0.8");
        var result = PruningRun.Reconstruct(new ReconstructRequest(TinyModels.StoriesDir, magnitude)
        {
            Calibration = TinyModels.Brown, CalibrationDocs = docs, Samples = 2, Seed = 7,
        }, new PruningOutput(rebuilt));
        // stories260K's context is 512 positions, below the papers' 2048.
        Assert.Equal(new CalibrationSpec(TinyModels.Brown, "text", 2, 512, 7, docs), result.Recipe.Calibration);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(rebuilt, "pruning.json")));
        var calibration = manifest.RootElement.GetProperty("calibration");
        Assert.Equal(512, calibration.GetProperty("seq_len").GetInt32());
        Assert.Equal(2, calibration.GetProperty("windows").GetArrayLength());
        Assert.Equal("0:0.8", calibration.GetProperty("documents").GetString());
    }
}
