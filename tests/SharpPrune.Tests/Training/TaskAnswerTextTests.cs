using System.Text.Json;
using SharpPrune.Tasks;
using SharpPrune.Training;
using SharpPrune.Tests.Text;
using Xunit;

namespace SharpPrune.Tests.Training;

/// <summary>Task examples as training text: the scorer's prompt and the gold answer, never a wrong one or a test example.</summary>
public sealed class TaskAnswerTextTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void CaseHoldDocumentsAreTheScoredPromptAndTheGoldHoldingOnly()
    {
        string file = folder.Write("casehold.txt", string.Join("\n",
            """{"example_id":"7","citing_prompt":"See Smith v. Jones","holding_0":"h zero","holding_1":"h one","holding_2":"h two","holding_3":"h three","holding_4":"h four","label":"2"}""",
            """{"example_id":"8","citing_prompt":"Cf. Doe","holding_0":"g zero","holding_1":"g one","holding_2":"g two","holding_3":"g three","holding_4":"g four","label":"0"}"""));

        var documents = TaskAnswerText.Documents("casehold", file);

        Assert.Equal(["A citing text is 'See Smith v. Jones'. The correct holding statement is h two",
                      "A citing text is 'Cf. Doe'. The correct holding statement is g zero"], documents);
        var examples = CaseHold.Load(TaskSplit.Calibration, file).Examples;
        Assert.Equal(examples[0].Prompt + examples[0].Candidates[2], documents[0]);
    }

    [Fact]
    public void PubMedQaDocumentsLeaveOutTheTestIdsAndEndWithTheGoldAnswer()
    {
        string data = Path.Combine(RepoPaths.Shared, PubMedQa.DataFile);
        var documents = TaskAnswerText.Documents("pubmedqa", data);

        var calibration = PubMedQa.Load(TaskSplit.Calibration, data).Examples;
        Assert.Equal(calibration.Count, documents.Count);
        Assert.Equal(500, documents.Count);
        Assert.All(documents.Zip(calibration), p => Assert.Equal(p.Second.Prompt + p.Second.Candidates[p.Second.Gold!.Value], p.First));
        var testPrompts = PubMedQa.Load(TaskSplit.Test, data).Examples.Select(e => e.Prompt).ToHashSet();
        Assert.DoesNotContain(documents, d => testPrompts.Any(d.StartsWith));
    }

    [Fact]
    public void ATaskWithNoLabelledExampleIsRefused()
    {
        string spec = folder.Write("unlabelled.json", JsonSerializer.Serialize(new { name = "u", data = "u.jsonl", question = "{q}", candidates = new[] { " a", " b" } }));
        string data = folder.Write("u.jsonl", """{"q":"which?"}""");

        Assert.Contains("no labelled examples", Assert.Throws<SharpPruneException>(() => TaskAnswerText.Documents(spec, data)).Message);
    }

    [Fact]
    public void TaskSourcesParseAndRefuseAFieldOrFilterBesideThem()
    {
        var source = TrainingSource.Parse("casehold_train.txt#task=casehold");

        Assert.Equal(("casehold_train.txt", "casehold"), (source.Path, source.Task));
        Assert.Equal("casehold_train.txt#task=casehold", source.ToString());
        Assert.Contains("cannot be combined", Assert.Throws<SharpPruneException>(() => TrainingSource.Parse("p.json#task=pubmedqa#field=QUESTION")).Message);
        Assert.Contains("cannot be combined", Assert.Throws<SharpPruneException>(() => TrainingSource.Parse("p.json#docs=0:0.5#task=pubmedqa")).Message);
    }
}
