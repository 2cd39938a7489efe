using System.Text.Json;
using SharpPrune.Tasks;
using SharpPrune.Tests.Text;

namespace SharpPrune.Tests.Tasks;

/// <summary>The built-in tasks read from ../shared with their official splits, and user task specs.</summary>
public class LoaderTests
{
    static string Medical => Path.Combine(RepoPaths.Shared, "data", "medical");

    [Fact]
    public void PubMedQaTestSplitIsTheOfficial500WithTheirLabels()
    {
        var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(Medical, "pubmedqa_test_ground_truth.json")))
            .RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var test = PubMedQa.Load(TaskSplit.Test, Path.Combine(Medical, "pubmedqa_ori_pqal.json"));
        Assert.Equal(500, test.Examples.Count);
        Assert.All(test.Examples, e => Assert.Equal(truth[e.Id], PubMedQa.Answers[e.Gold!.Value]));
        Assert.Equal(truth.Values.Count(v => v == "yes"), test.Examples.Count(e => e.Gold == 0));
        Assert.Equal(truth.Values.Count(v => v == "maybe"), test.Examples.Count(e => e.Gold == 2));
        var first = test.Examples[0];
        Assert.StartsWith("Abstract: ", first.Context);
        Assert.Matches(@"^Question: .+\?\nAnswer:$", first.Question);
        Assert.Equal([" yes", " no", " maybe"], first.Candidates);
    }

    [Fact]
    public void PubMedQaCalibrationSplitIsTheOther500()
    {
        var test = TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Test).Examples.Select(e => e.Id).ToHashSet();
        var calibration = TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Calibration).Examples.Select(e => e.Id).ToList();
        Assert.Equal(500, calibration.Count);
        Assert.DoesNotContain(calibration, test.Contains);
    }

    [Fact]
    public void CaseHoldHasFiveHoldingsAndADisjointTrainFile()
    {
        var test = TaskCatalog.LoadChoice("casehold", TaskSplit.Test);
        Assert.Equal(200, test.Examples.Count);
        Assert.All(test.Examples, e => Assert.Equal(5, e.Candidates.Count));
        Assert.All(test.Examples, e => Assert.All(e.Candidates, c => Assert.Matches(@"^ \S", c)));
        var first = JsonDocument.Parse(File.ReadLines(Path.Combine(RepoPaths.Shared, "data", "legal", "casehold_test.txt")).First()).RootElement;
        Assert.Equal(int.Parse(first.GetProperty("label").GetString()!), test.Examples[0].Gold);
        Assert.Equal($"A citing text is '{first.GetProperty("citing_prompt").GetString()}'. The correct holding statement is", test.Examples[0].Prompt);
        var train = CaseHold.Load(TaskSplit.Calibration);
        Assert.Equal(2000, train.Examples.Count);
        Assert.Empty(train.Examples.Select(e => e.Id).Intersect(test.Examples.Select(e => e.Id)));
    }

    [Fact]
    public void ATaskSpecFillsTemplatesAndReadsLabelsByIndexOrText()
    {
        using var folder = new TempFolder();
        folder.Write("rows.jsonl", """
            {"q": "Is it wet?", "passage": "It rains.", "a": "Yes", "b": "No", "answer": "No", "key": 7}

            {"q": "Is it {dry}?", "passage": "Sun.", "a": "Sure", "b": "Nope", "answer": 0, "key": 8}
            """);
        string spec = folder.Write("task.json", """
            {"name": "weather", "data": "rows.jsonl", "context": "{passage}\n", "question": "Q: {q} {{A}}:",
             "candidates": [" yes", " {b}"], "label": "answer", "id": "key"}
            """);
        var task = TaskCatalog.LoadChoice(spec, TaskSplit.Test);
        Assert.Equal("weather", task.Name);
        Assert.Equal(["7", "8"], task.Examples.Select(e => e.Id));
        Assert.Equal("It rains.\nQ: Is it wet? {A}:", task.Examples[0].Prompt);
        Assert.Equal([" yes", " No"], task.Examples[0].Candidates);
        Assert.Equal([1, 0], task.Examples.Select(e => e.Gold!.Value));
    }

    [Fact]
    public void ATaskSpecLabelThatIsNoCandidateIsAnErrorNamingTheLine()
    {
        using var folder = new TempFolder();
        string data = folder.Write("rows.jsonl", """{"q": "x", "answer": "perhaps"}""");
        var spec = new TaskSpec("t", "", "{q}", [" yes", " no"], "answer", null, null);
        var e = Assert.Throws<SharpPruneException>(() => spec.Load(data));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("perhaps", e.Message);
    }

    [Fact]
    public void BillSumHas200SourcesWithSummaries()
    {
        var examples = BillSum.Load();
        Assert.Equal(200, examples.Count);
        Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Source) || string.IsNullOrWhiteSpace(e.Reference)));
    }
}
