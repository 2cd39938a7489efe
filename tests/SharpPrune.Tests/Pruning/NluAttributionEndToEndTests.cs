using System.Text.Json;
using SharpPrune.Comparison;
using SharpPrune.Tests.Cli;

namespace SharpPrune.Tests.Pruning;

/// <summary>
/// The multi-task model as a user prunes it: attribution for trec from the spec's calibration (train) split, then the
/// pruned and the dense model scored on the spec's validation examples.
/// </summary>
public sealed class NluAttributionEndToEndTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-nlu-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static string Model => Path.Combine(RepoPaths.Root, "models", "testbed-nlu");

    static string Spec => Path.Combine(RepoPaths.Root, "tasks", "nlu", "trec.json");

    [Fact]
    public void Pruned_for_trec_by_attribution_on_train_examples_and_scored_on_validation()
    {
        string outDir = Path.Combine(temp, "trec-50");
        var prune = CliProcess.Run("prune", "--method", "attribution", "--model", Model, "--task", Spec, "--limit", "16",
            "--ratio", "0.5", "--out", outDir, "--json");
        Assert.True(prune.ExitCode == 0, prune.Stderr);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pruning.json")));
        var details = manifest.RootElement.GetProperty("attribution");
        // The targets are the gold labels of the train split's first 16 rows (the validation split's differ).
        var trainLabels = File.ReadLines(Path.Combine(RepoPaths.Shared, "data", "nlu", "trec", "train.jsonl")).Take(16)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetInt32()).ToList();
        Assert.Equal(trainLabels, details.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("candidate").GetInt32()));
        // compare reads the run back as supervised attribution at 50 % for trec: its line and task in the accuracy figure.
        Assert.Equal(new PruningInfo("attribution", "unstructured", 0.5, "attribution", "trec"), PruningInfo.Read(outDir));
        // 704 − ⌊0.5 · 704⌋ = 352 neurons left in each of the six layers.
        Assert.All(details.GetProperty("layers").EnumerateArray(), l => Assert.Equal(352, l.GetProperty("kept").GetArrayLength()));

        var dense = Eval(Model);
        var pruned = Eval(outDir);
        Assert.Equal((40, 40), (dense.GetProperty("n").GetInt32(), pruned.GetProperty("n").GetInt32()));
        // The dense model does the task: the first 40 questions' most frequent type is 14 of 40 (0.35); it scores 0.75.
        Assert.True(dense.GetProperty("accuracy").GetDouble() >= 0.6, $"dense trec accuracy {dense.GetProperty("accuracy")}");
        Assert.NotEqual(dense.GetProperty("gold_margin").GetDouble(), pruned.GetProperty("gold_margin").GetDouble());
        Assert.InRange(pruned.GetProperty("accuracy").GetDouble(), 0, 1);
    }

    static JsonElement Eval(string model)
    {
        var r = CliProcess.Run("eval", "--model", model, "--task", Spec, "--limit", "40", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.LastLine).RootElement.Clone();
    }
}
