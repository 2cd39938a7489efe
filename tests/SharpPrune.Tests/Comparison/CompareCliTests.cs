using System.Text.Json;
using SharpPrune.Comparison;
using SharpPrune.Tasks;
using SharpPrune.Tests.Cli;

namespace SharpPrune.Tests.Comparison;

/// <summary>`sharpprune compare` through the real executable: the --json last line, the refusal of an existing report, one-line errors.</summary>
[Collection(ComparedModels.Collection)]
public sealed class CompareCliTests(ComparedModels compared)
{
    [Fact]
    public void JsonLastLineCountsModelsCellsAndCachedCells()
    {
        string outDir = Path.Combine(compared.Temp, $"cli-{Guid.NewGuid():N}");
        var r = CliProcess.Run(["compare", "--models", .. compared.Models, "--suite", compared.SuitePath, "--out", outDir,
            "--cache", compared.CopyOfCache(), "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.LastLine);
        Assert.Equal(outDir, json.RootElement.GetProperty("out").GetString());
        Assert.Equal((2, 4, 4), (json.RootElement.GetProperty("models").GetInt32(), json.RootElement.GetProperty("cells").GetInt32(),
            json.RootElement.GetProperty("cached").GetInt32()));
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.Empty(r.Stderr);

        var again = CliProcess.Run(["compare", "--models", .. compared.Models, "--suite", compared.SuitePath, "--out", outDir]);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"error: {outDir}: already exists (use --overwrite to replace it)", again.Stderr.TrimEnd());
    }

    [Fact]
    public void ScoreChoosesTheConventionTheTableShowsWithoutMeasuringAgain()
    {
        string outDir = Path.Combine(compared.Temp, $"cli-{Guid.NewGuid():N}");
        var r = CliProcess.Run(["compare", "--models", .. compared.Models, "--suite", compared.SuitePath, "--out", outDir,
            "--cache", compared.CopyOfCache(), "--score", "acc_norm", "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.LastLine);
        Assert.Equal(4, json.RootElement.GetProperty("cached").GetInt32());
        var results = ComparisonResults.FromJson(File.ReadAllText(Path.Combine(outDir, ComparisonReport.ResultsJson)));
        Assert.Equal(ScoreConvention.AccNorm, results.Score);
        Assert.Equal(compared.Results.Models.Select(m => m.Tasks["pubmedqa"]), results.Models.Select(m => m.Tasks["pubmedqa"]));
        string markdown = File.ReadAllText(Path.Combine(outDir, ComparisonReport.ResultsMarkdown));
        Assert.Contains("| pubmedqa acc_norm ± s.e. (chance ", markdown);
        Assert.Contains("| pubmedqa F1 |", markdown);
        Assert.Contains("accuracy and macro-F1 by acc_norm", markdown);
    }

    [Theory]
    [InlineData("MISSING_MODEL", "model folder not found")]
    [InlineData("BAD_SUITE", "invalid JSON")]
    [InlineData("UNKNOWN_TASK", "tasks[0]: unknown task \"nosuchtask\"")]
    public void BadInputIsOneLineNamingTheFile(string problem, string expected)
    {
        string suite = compared.SuitePath, model = TinyModels.StoriesDir;
        if (problem == "MISSING_MODEL") model = Path.Combine(compared.Temp, "no-such-model");
        if (problem != "MISSING_MODEL")
        {
            suite = Path.Combine(compared.Temp, $"{problem}.json");
            File.WriteAllText(suite, problem == "BAD_SUITE" ? "{\"tasks\": [" : "{\"tasks\": [{\"name\": \"nosuchtask\"}]}");
        }
        string outDir = Path.Combine(compared.Temp, $"bad-{Guid.NewGuid():N}");
        var r = CliProcess.Run("compare", "--models", model, "--suite", suite, "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {(problem == "MISSING_MODEL" ? model : suite)}: ", r.Stderr);
        Assert.Contains(expected, r.Stderr);
        Assert.False(Directory.Exists(outDir));
    }
}
