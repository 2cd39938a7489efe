using System.Text.Json;
using SharpPrune.Tasks;

namespace SharpPrune.Tests.Tasks;

/// <summary>The shipped specs tasks/nlu/boolq.json and cb.json over ../shared/data/nlu as it ships (SuperGLUE JSON lines, unchanged).</summary>
public class NluSpecTests
{
    static string Spec(string name) => Path.Combine(RepoPaths.Root, "tasks", "nlu", name + ".json");

    static List<JsonElement> Rows(string task, string split) =>
        [.. File.ReadLines(Path.Combine(RepoPaths.Shared, "data", "nlu", task, split + ".jsonl")).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public void BoolQReadsItsValidationSplitWithTrueFalseLabels()
    {
        var task = TaskCatalog.LoadChoice(Spec("boolq"), TaskSplit.Test);
        Assert.Equal("boolq", task.Name);
        // The published validation split: 3,270 questions, 2,033 true.
        Assert.Equal(3270, task.Examples.Count);
        Assert.Equal(2033, task.Examples.Count(e => e.Gold == 1));
        var rows = Rows("boolq", "validation");
        Assert.Equal(rows.Select(r => r.GetProperty("label").GetString() == "true" ? 1 : 0), task.Examples.Select(e => e.Gold!.Value));
        var first = task.Examples[0];
        Assert.Equal(rows[0].GetProperty("idx").GetRawText(), first.Id);
        Assert.Equal($"{rows[0].GetProperty("passage").GetString()}\nQuestion: {rows[0].GetProperty("question").GetString()}?\nAnswer:", first.Prompt);
        Assert.Equal([" no", " yes"], first.Candidates);
        // No train split ships, so there is nothing to draw shots from.
        Assert.Throws<SharpPruneException>(() => TaskCatalog.LoadChoice(Spec("boolq"), TaskSplit.Test, fewShot: new FewShotRequest(1)));
    }

    [Fact]
    public void CbReadsItsValidationSplitAndDrawsShotsFromTrain()
    {
        var task = TaskCatalog.LoadChoice(Spec("cb"), TaskSplit.Test);
        // SuperGLUE's CB validation: 56 pairs, contradiction 28 / entailment 23 / neutral 5.
        Assert.Equal(56, task.Examples.Count);
        Assert.Equal([23, 28, 5], Enumerable.Range(0, 3).Select(c => task.Examples.Count(e => e.Gold == c)));
        var row = Rows("cb", "validation")[0];
        Assert.Equal($"{row.GetProperty("premise").GetString()}\nQuestion: {row.GetProperty("hypothesis").GetString()}. True, False, or Neither?\nAnswer:", task.Examples[0].Prompt);
        Assert.Equal([" True", " False", " Neither"], task.Examples[0].Candidates);
        Assert.Equal(1, task.Examples[0].Gold);   // "contradiction"

        var shot = TaskCatalog.LoadChoice(Spec("cb"), TaskSplit.Test, fewShot: new FewShotRequest(3));
        var train = Rows("cb", "train").ToDictionary(r => r.GetProperty("idx").GetRawText());
        Assert.Equal(3, shot.FewShotIds.Count);
        Assert.All(shot.FewShotIds, id => Assert.Contains(train[id].GetProperty("premise").GetString()!, shot.Examples[0].Context));
    }
}
