using System.Text.Json;
using SharpPrune.Tasks;
using SharpPrune.Tests.Cli;

namespace SharpPrune.Tests.Tasks;

/// <summary>The eval verb through the real executable.</summary>
public class EvalCliTests
{
    static string Stories => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    [Fact]
    public void PubMedQaJsonLastLineHasNAndAccuracyUnderEachConvention()
    {
        var r = CliProcess.Run("eval", "--model", Stories, "--task", "pubmedqa", "--limit", "8", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.LastLine);
        var root = json.RootElement;
        Assert.Equal("pubmedqa", root.GetProperty("task").GetString());
        Assert.Equal(8, root.GetProperty("n").GetInt32());
        // The default is lm-evaluation-harness's acc; "accuracy", "macro_f1" and the margin are reported under it.
        Assert.Equal("acc", root.GetProperty("score").GetString());
        Assert.Equal(root.GetProperty("acc").GetDouble(), root.GetProperty("accuracy").GetDouble());
        foreach (var key in new[] { "acc", "acc_norm", "acc_per_token", "macro_f1" })
            Assert.InRange(root.GetProperty(key).GetDouble(), 0, 1);
        // Summed log-probabilities of " yes", " no", " maybe" (1–3 tokens each) differ by some nats, not hundreds.
        Assert.InRange(root.GetProperty("gold_margin").GetDouble(), -30, 30);
        Assert.True(root.GetProperty("gold_margin_se").GetDouble() > 0);
        Assert.Equal(0, root.GetProperty("fewshot_ids").GetArrayLength());
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void AMedQaStyleFileEvaluatesWithItsSpecAndRecordsTheFewShotIds()
    {
        string spec = Path.Combine(RepoPaths.Fixtures, "tasks", "medqa-style", "medqa.json");
        var r = CliProcess.Run("eval", "--model", Stories, "--task", spec, "--fewshot", "2", "--fewshot-seed", "3", "--score", "acc_norm", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.LastLine);
        var root = json.RootElement;
        Assert.Equal(("medqa-style", 4, "acc_norm"), (root.GetProperty("task").GetString(), root.GetProperty("n").GetInt32(), root.GetProperty("score").GetString()));
        Assert.Equal(root.GetProperty("acc_norm").GetDouble(), root.GetProperty("accuracy").GetDouble());
        var ids = root.GetProperty("fewshot_ids").EnumerateArray().Select(i => i.GetString()!).ToList();
        Assert.Equal(TaskCatalog.LoadChoice(spec, TaskSplit.Test, fewShot: new FewShotRequest(2, 3)).FewShotIds, ids);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void AnUnknownScoreConventionIsRefused()
    {
        var r = CliProcess.Run("eval", "--model", Stories, "--task", "pubmedqa", "--score", "acc_bytes");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("acc_bytes", r.Stderr);
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
