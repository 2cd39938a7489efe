using System.Globalization;
using SharpPrune.Comparison;
using SharpPrune.Tasks;
using SharpPrune.Tests.IO;

namespace SharpPrune.Tests.Comparison;

/// <summary>compare over a few-shot task: the drawn ids land in results.json, and the table shows the chosen score convention.</summary>
public sealed class FewShotComparisonTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ResultsJsonRecordsTheFewShotIdsAndTheTableShowsTheChosenConvention()
    {
        string spec = Path.Combine(RepoPaths.Fixtures, "tasks", "medqa-style", "medqa.json");
        File.WriteAllText(temp.File("suite.json"), $$"""
            {"tasks": [{"name": "medqa", "task": "{{spec.Replace("\\", "/")}}", "fewshot": 2, "fewshot_seed": 5}, {"name": "zero", "task": "{{spec.Replace("\\", "/")}}"}]}
            """);
        var suite = ComparisonSuite.Read(temp.File("suite.json"));
        var results = new ComparisonRunner(suite, new CellCache(temp.File("cache"))) { Score = ScoreConvention.AccNorm }.Run([TinyModels.StoriesDir]);
        ComparisonReport.Write(temp.File("report"), suite, results, overwrite: false);

        var read = ComparisonResults.FromJson(File.ReadAllText(Path.Combine(temp.File("report"), ComparisonReport.ResultsJson)));
        var expectedIds = TaskCatalog.LoadChoice(spec, TaskSplit.Test, fewShot: new FewShotRequest(2, 5)).FewShotIds;
        Assert.Equal(2, expectedIds.Count);
        Assert.Equal(expectedIds, read.FewShotIds!["medqa"]);
        Assert.Empty(read.FewShotIds["zero"]);
        Assert.Equal(ScoreConvention.AccNorm, read.Score);
        string json = File.ReadAllText(Path.Combine(temp.File("report"), ComparisonReport.ResultsJson));
        Assert.Contains("\"score\": \"acc_norm\"", json);
        Assert.Contains("\"fewshot_ids\": {", json);

        var score = read.Models[0].Tasks["medqa"];
        var table = ComparisonTable.Of(read);
        // The accuracy column is titled by the convention, "medqa acc_norm ± s.e. (chance …)", its cell "P ± S%".
        var column = Assert.Single(table.Columns, c => c.Title.StartsWith("medqa acc_norm ± s.e.", StringComparison.Ordinal));
        Assert.StartsWith((score.AccNorm.Accuracy * 100).ToString("F1", CultureInfo.InvariantCulture) + " ± ", column.Cells[0]);
        var acc = Assert.Single(ComparisonTable.Of(read with { Score = ScoreConvention.Acc }).Columns, c => c.Title.StartsWith("medqa acc ± s.e.", StringComparison.Ordinal));
        Assert.StartsWith((score.Acc.Accuracy * 100).ToString("F1", CultureInfo.InvariantCulture) + " ± ", acc.Cells[0]);
        string markdown = File.ReadAllText(Path.Combine(temp.File("report"), ComparisonReport.ResultsMarkdown));
        Assert.Contains("medqa acc_norm", markdown);
        Assert.Contains($"2-shot (ids {string.Join(", ", expectedIds)})", markdown);
    }
}
