using System.Text.Json;
using SharpPrune.Tests.Cli;

namespace SharpPrune.Tests.Tasks;

/// <summary>The eval verb through the real executable.</summary>
public class EvalCliTests
{
    static string Stories => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    [Fact]
    public void PubMedQaJsonLastLineHasNAndAccuracy()
    {
        var r = CliProcess.Run("eval", "--model", Stories, "--task", "pubmedqa", "--limit", "8", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.LastLine);
        Assert.Equal("pubmedqa", json.RootElement.GetProperty("task").GetString());
        Assert.Equal(8, json.RootElement.GetProperty("n").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.InRange(json.RootElement.GetProperty("macro_f1").GetDouble(), 0, 1);
        // Mean log-probabilities per token of stories260K on medical text differ by a few nats at most.
        Assert.InRange(json.RootElement.GetProperty("gold_margin").GetDouble(), -10, 10);
        Assert.True(json.RootElement.GetProperty("gold_margin_se").GetDouble() > 0);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void AnUnknownTaskIsOneLineOnStderrWithExitCode2()
    {
        var r = CliProcess.Run("eval", "--model", Stories, "--task", "nosuchtask");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: --task nosuchtask", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
    }
}
