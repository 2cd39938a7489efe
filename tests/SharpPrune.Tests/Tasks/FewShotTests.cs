using SharpPrune.Tasks;
using SharpPrune.Tests.Text;

namespace SharpPrune.Tests.Tasks;

/// <summary>Few-shot examples: drawn with a seed from another split, written with their gold answers, their ids recorded.</summary>
public class FewShotTests
{
    static string MedQaSpec => Path.Combine(RepoPaths.Fixtures, "tasks", "medqa-style", "medqa.json");

    static ChoiceTask Pool(int size, int unlabeledEvery = 0) => new("pool",
        [.. Enumerable.Range(0, size).Select(i => new TaskExample($"p{i}", "", $"Q{i}:", [" a", " b"], unlabeledEvery > 0 && i % unlabeledEvery == 0 ? null : i % 2))])
    {
        DataPath = "/data/train.jsonl",
    };

    static ChoiceTask Evaluated => new("t", [new TaskExample("e0", "Ctx.", " Q?", [" a", " b"], 0), new TaskExample("e1", "", " R?", [" a", " b"], 1)])
    {
        DataPath = "/data/test.jsonl",
    };

    [Fact]
    public void EachShotIsItsPromptAndGoldAnswerBeforeEveryPromptAndItsIdIsRecorded()
    {
        var task = FewShot.Prepend(Evaluated, Pool(20), 3, seed: 7, "\n\n");
        Assert.Equal(3, task.FewShotIds.Count);
        Assert.Equal(3, task.FewShotIds.Distinct().Count());
        var pool = Pool(20).Examples.ToDictionary(e => e.Id);
        string prefix = string.Concat(task.FewShotIds.Select(id => $"{pool[id].Prompt}{pool[id].Candidates[pool[id].Gold!.Value]}\n\n"));
        Assert.Equal([prefix + "Ctx. Q?", prefix + " R?"], task.Examples.Select(e => e.Prompt));
        Assert.Equal([prefix + "Ctx.", prefix], task.Examples.Select(e => e.Context));
        Assert.Equal(Evaluated.Examples.Select(e => (e.Id, e.Gold)), task.Examples.Select(e => (e.Id, e.Gold)));
    }

    [Fact]
    public void TheDrawIsSeededAndTakesLabeledExamplesOnly()
    {
        var pool = Pool(40, unlabeledEvery: 3);
        var first = FewShot.Prepend(Evaluated, pool, 5, seed: 1, "\n").FewShotIds;
        Assert.Equal(first, FewShot.Prepend(Evaluated, pool, 5, seed: 1, "\n").FewShotIds);
        Assert.NotEqual(first, FewShot.Prepend(Evaluated, pool, 5, seed: 2, "\n").FewShotIds);
        var labeled = pool.Examples.Where(e => e.Gold is not null).Select(e => e.Id).ToList();
        for (int seed = 0; seed < 20; seed++)
            Assert.All(FewShot.Prepend(Evaluated, pool, 5, seed, "\n").FewShotIds, id => Assert.Contains(id, labeled));
        // Not simply the first labeled examples in file order.
        Assert.NotEqual(labeled.Take(5), first);
    }

    [Fact]
    public void ZeroShotsLeaveTheTaskAsItIs()
    {
        var evaluated = Evaluated;
        var task = FewShot.Prepend(evaluated, Pool(4), 0, seed: 1, "\n");
        Assert.Same(evaluated, task);
        Assert.Empty(task.FewShotIds);
    }

    [Fact]
    public void ShotsNeverComeFromTheEvaluatedSplit()
    {
        var same = Evaluated with { Name = "shots" };
        var e = Assert.Throws<SharpPruneException>(() => FewShot.Prepend(Evaluated, same, 1, seed: 1, "\n"));
        Assert.Equal("/data/test.jsonl: task t: few-shot examples must come from another split than the evaluated one", e.Message);
        // Through a spec: --data naming the few-shot file is refused.
        string train = Path.Combine(Path.GetDirectoryName(MedQaSpec)!, "train.jsonl");
        e = Assert.Throws<SharpPruneException>(() => TaskCatalog.LoadChoice(MedQaSpec, TaskSplit.Test, train, new FewShotRequest(1)));
        Assert.Contains("few-shot examples must come from another split", e.Message);
    }

    [Fact]
    public void AskingForMoreShotsThanTheSplitHasIsAnError()
    {
        var e = Assert.Throws<SharpPruneException>(() => FewShot.Prepend(Evaluated, Pool(6, unlabeledEvery: 2), 4, seed: 1, "\n"));
        Assert.Equal("task t: 4 few-shot examples asked for, but the few-shot split /data/train.jsonl has 3 labeled ones", e.Message);
    }

    [Fact]
    public void ASpecDrawsFromItsFewShotFileAndTheRequestOverridesKAndSeed()
    {
        var zero = TaskCatalog.LoadChoice(MedQaSpec, TaskSplit.Test);
        Assert.Empty(zero.FewShotIds);
        var two = TaskCatalog.LoadChoice(MedQaSpec, TaskSplit.Test, fewShot: new FewShotRequest(2));
        Assert.Equal(2, two.FewShotIds.Count);
        // Ids of the train file are its line numbers; the shots are written as the spec writes the train rows.
        var train = TaskSpec.Read(MedQaSpec).Load(Path.Combine(Path.GetDirectoryName(MedQaSpec)!, "train.jsonl")).Examples.ToDictionary(e => e.Id);
        string prefix = string.Concat(two.FewShotIds.Select(id => train[id].Prompt + train[id].Candidates[train[id].Gold!.Value] + "\n\n"));
        Assert.Equal(zero.Examples.Select(e => prefix + e.Prompt), two.Examples.Select(e => e.Prompt));
        Assert.Equal(two.FewShotIds, TaskCatalog.LoadChoice(MedQaSpec, TaskSplit.Test, fewShot: new FewShotRequest(2, 1234)).FewShotIds);
        var all = Enumerable.Range(0, 10).Select(seed => string.Join(",", TaskCatalog.LoadChoice(MedQaSpec, TaskSplit.Test, fewShot: new FewShotRequest(2, seed)).FewShotIds));
        Assert.True(all.Distinct().Count() > 1);
    }

    [Fact]
    public void PubMedQaShotsComeFromItsCalibrationIds()
    {
        var test = TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Test).Examples.Select(e => e.Id).ToHashSet();
        var task = TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Test, fewShot: new FewShotRequest(3, 5));
        Assert.Equal(3, task.FewShotIds.Count);
        Assert.All(task.FewShotIds, id => Assert.DoesNotContain(id, test));
        Assert.All(task.Examples, e => Assert.StartsWith("Abstract: ", e.Context));
        Assert.Throws<SharpPruneException>(() => TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Calibration, fewShot: new FewShotRequest(1)));
    }

    [Fact]
    public void ASpecWithoutAFewShotSplitRefusesShots()
    {
        using var folder = new TempFolder();
        string data = folder.Write("rows.jsonl", """{"q": "x"}""");
        var spec = new TaskSpec("t", "", "{q}", [" a", " b"], null, null, null);
        var e = Assert.Throws<SharpPruneException>(() => spec.Load(data, new FewShotRequest(1)));
        Assert.Contains("the spec names no split to draw them from", e.Message);
    }
}
