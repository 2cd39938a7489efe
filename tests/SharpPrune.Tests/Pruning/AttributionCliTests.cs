using System.Text.Json;
using SharpPrune.Tests.Cli;

namespace SharpPrune.Tests.Pruning;

/// <summary>`sharpprune prune --method attribution*` on stories260K and PubMedQA, as a user runs it.</summary>
public sealed class AttributionCliTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-attrcli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Theory]
    [InlineData("attribution")]
    [InlineData("attribution-random")]
    [InlineData("attribution-activation")]
    public void RemovesThirtyPercentOfEachLayersNeuronsAndTheResultLoads(string method)
    {
        string outDir = Path.Combine(temp, method);
        var r = CliProcess.Run("prune", "--method", method, "--model", TinyModels.StoriesDir, "--task", "pubmedqa",
            "--limit", "8", "--ratio", "0.3", "--out", outDir, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var info = CliProcess.Run("info", "--model", outDir, "--json");
        Assert.Equal(0, info.ExitCode);
        using var summary = JsonDocument.Parse(info.LastLine);
        // 172 − ⌊0.3 · 172⌋ = 121 in each of the five layers.
        Assert.All(summary.RootElement.GetProperty("intermediate_sizes").EnumerateArray(), w => Assert.Equal(121, w.GetInt32()));
        Assert.Contains("MLP width                  121", CliProcess.Run("info", "--model", outDir).Stdout);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pruning.json")));
        Assert.Equal(method, manifest.RootElement.GetProperty("method").GetString());
        var details = manifest.RootElement.GetProperty(method);
        var layers = details.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(5, layers.Count);
        Assert.All(layers, l => Assert.Equal(121, l.GetProperty("kept").GetArrayLength()));
        if (method == "attribution")
        {
            Assert.Equal(8, details.GetProperty("examples").GetArrayLength());
            Assert.All(layers, l => Assert.True(l.GetProperty("removed_score_max").GetDouble() <= l.GetProperty("kept_score_min").GetDouble()));
        }
    }
}
