using System.Text.RegularExpressions;
using SharpPrune.Cli;

namespace SharpPrune.Tests.Cli;

/// <summary>A run whose stderr is not a terminal logs a progress line every few seconds instead of drawing a bar.</summary>
public class ProgressLogTests
{
    static string Stories => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    static readonly Dictionary<string, string> Often = new() { [ProgressLog.IntervalVariable] = "0.1" };

    /// <summary>One plain-text document of about 2,000 tokens (the start of Brown's first), so the run is short even on a busy machine.</summary>
    static string SmallText()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sharpprune-progress-{Guid.NewGuid():N}.txt");
        string first = File.ReadLines(Path.Combine(RepoPaths.Shared, "data", "general", "brown.jsonl")).First();
        File.WriteAllText(path, System.Text.Json.JsonDocument.Parse(first).RootElement.GetProperty("text").GetString()![..6000]);
        return path;
    }

    // stage · done/total unit (percent) · rate · elapsed · remaining (or done)
    static readonly Regex PerplexityLine = new(
        @"^perplexity · [\d,]+/[\d,]+ tokens \(\d+\.\d%\) · ([\d,.]+|-) tokens/s · elapsed \d+:\d\d · (remaining ~\d+:\d\d|remaining unknown|finishing|done)$");

    [Fact]
    public void RedirectedPplLogsLinesWithProgressRateElapsedAndRemaining()
    {
        var r = CliProcess.Run(Often, "ppl", "--model", Stories, "--data", SmallText(), "--seq-len", "128");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("perplexity ", r.LastLine);
        var lines = r.Stderr.TrimEnd().Split('\n');
        Assert.True(lines.Length >= 2, r.Stderr);
        Assert.All(lines, l => Assert.Matches(PerplexityLine, l));
        Assert.Contains(lines, l => l.Contains("remaining ~", StringComparison.Ordinal));
        Assert.EndsWith(" · done", lines[^1]);
        // Units only grow from line to line.
        var done = lines.Select(l => long.Parse(l.Split(' ')[2].Split('/')[0].Replace(",", ""))).ToList();
        Assert.Equal(done.Order(), done);
    }

    [Fact]
    public void JsonOutputKeepsStderrFreeOfProgress()
    {
        var r = CliProcess.Run(Often, "ppl", "--model", Stories, "--data", SmallText(), "--seq-len", "128", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void ABadIntervalIsOneLineNamingTheVariable()
    {
        var r = CliProcess.Run(new Dictionary<string, string> { [ProgressLog.IntervalVariable] = "soon" }, "ppl", "--model", Stories,
            "--data", Path.Combine(RepoPaths.Shared, "data", "general", "brown.jsonl"), "--max-docs", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: SHARPPRUNE_PROGRESS_SECONDS=soon: must be a positive number of seconds", r.Stderr.TrimEnd());
    }

    [Fact]
    public void LineNamesTheStageAndEstimatesTheTimeLeftFromTheRate()
    {
        // (40,960 − 3,072) tokens at 812.4 tokens/s leave 46.6 s.
        Assert.Equal("D-Pruner: stage 2 step 3/40 loss 2.345 · 3,072/40,960 tokens (7.5%) · 812 tokens/s · elapsed 1:02 · remaining ~0:46",
            ProgressLog.Line("D-Pruner", "stage 2 step 3/40 loss 2.345", 3072, 40960, "tokens", TimeSpan.FromSeconds(62), 812.4));
        Assert.Equal("D-Pruner: general importance (SparseGPT saliency) · 0/40,960 tokens (0.0%) · - tokens/s · elapsed 1:05:09 · remaining unknown",
            ProgressLog.Line("D-Pruner", "general importance (SparseGPT saliency)", 0, 40960, "tokens", new TimeSpan(1, 5, 9), null));
        Assert.Equal("pruning · 5/5 layers (100.0%) · 0.43 layers/s · elapsed 0:12 · finishing",
            ProgressLog.Line("pruning", null, 5, 5, "layers", TimeSpan.FromSeconds(12.7), 0.4321));
        Assert.Equal("perplexity · 990/1,000 tokens (99.0%) · 1,650 tokens/s · elapsed 0:01 · done",
            ProgressLog.Line("perplexity", null, 990, 1000, "tokens", TimeSpan.FromSeconds(1), 1650, finished: true));
        // 5 layers in 25 minutes: 0.0033 layers/s, and 1 layer (5 minutes) to go.
        Assert.Equal("pruning · 5/6 layers (83.3%) · 0.0033 layers/s · elapsed 26:40 · remaining ~5:00",
            ProgressLog.Line("pruning", null, 5, 6, "layers", TimeSpan.FromSeconds(1600), 5.0 / 1500));
    }
}
