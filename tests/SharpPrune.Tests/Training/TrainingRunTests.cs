using System.Text.Json.Nodes;
using SharpPrune.Data;
using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Training;
using SharpPrune.Tests.Text;
using Xunit;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Training;

/// <summary>Training on tiny models with stories260K's tokenizer and a few Brown documents.</summary>
public sealed class TrainingRunTests : IDisposable
{
    readonly TempFolder folder = new();
    readonly string config;
    readonly TrainingSource brown = new(TinyModels.Brown, Filter: DocumentFilter.Parse("0:0.02"));

    public TrainingRunTests()
    {
        config = folder.Write("config.json", """
            {"model_type":"llama","vocab_size":512,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,
             "num_attention_heads":4,"num_key_value_heads":2,"max_position_embeddings":128,"rms_norm_eps":1e-5,
             "tie_word_embeddings":true,"bos_token_id":1,"eos_token_id":2}
            """);
    }

    public void Dispose() => folder.Dispose();

    TrainingRequest FromConfig(string name, TrainingOptions options, IReadOnlyList<TrainingSource>? data = null, bool resume = false) =>
        new(null, config, TinyModels.StoriesDir, data ?? [brown], Path.Combine(folder.Path, name), options, resume, false, CPU);

    static TrainingOptions Small(int steps) => new() { Steps = steps, LearningRate = 3e-3, BatchSize = 4, SeqLen = 32, CheckpointEvery = 3, Seed = 5 };

    [Fact]
    public void LossFallsWhenOverfittingOneFixedWindow()
    {
        // A text of about one window: every batch is the same 33 tokens.
        string text = folder.Write("one.txt", "Once upon a time there was a little girl named Lily. She loved to play outside in the sun with her dog.");
        var losses = new List<double>();
        TrainingRun.Execute(FromConfig("overfit", new TrainingOptions { Steps = 40, LearningRate = 1e-2, BatchSize = 2, SeqLen = 24, WarmupSteps = 0 }, [new TrainingSource(text)]),
            step => losses.Add(step.Loss), null, CancellationToken.None);

        Assert.Equal(40, losses.Count);
        Assert.True(losses[^1] < 0.2 * losses[0], $"loss {losses[0]:F3} → {losses[^1]:F3}");
    }

    [Fact]
    public void ResumedRunEndsWithTheWeightsOfAnUninterruptedOne()
    {
        TrainingRun.Execute(FromConfig("straight", Small(7)), null, null, CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var interrupted = TrainingRun.Execute(FromConfig("resumed", Small(7)), step => { if (step.Step == 4) cancel.Cancel(); }, null, cancel.Token);
        Assert.Null(interrupted);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "resumed")));
        var refused = Assert.Throws<SharpPruneException>(() => TrainingRun.Execute(FromConfig("resumed", Small(7)), null, null, CancellationToken.None));
        Assert.Contains("--resume", refused.Message);
        var steps = new List<int>();
        TrainingRun.Execute(FromConfig("resumed", Small(7), resume: true), step => steps.Add(step.Step), null, CancellationToken.None);

        Assert.Equal([5, 6, 7], steps);
        using var straight = CheckpointReader.Open(Path.Combine(folder.Path, "straight"));
        using var resumed = CheckpointReader.Open(Path.Combine(folder.Path, "resumed"));
        Assert.Equal(straight.Names, resumed.Names);
        foreach (var name in straight.Names)
            Assert.True(straight.Read(name).eq(resumed.Read(name)).all().item<bool>(), name);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "resumed.training")));
        Assert.Equal(File.ReadAllText(Path.Combine(folder.Path, "straight", "training_log.jsonl")).Split('\n').Length,
            File.ReadAllText(Path.Combine(folder.Path, "resumed", "training_log.jsonl")).Split('\n').Length);
    }

    [Fact]
    public void ACheckpointOfOtherSettingsIsNotResumed()
    {
        using var cancel = new CancellationTokenSource();
        TrainingRun.Execute(FromConfig("run", Small(7)), step => { if (step.Step == 3) cancel.Cancel(); }, null, cancel.Token);

        var e = Assert.Throws<SharpPruneException>(() =>
            TrainingRun.Execute(FromConfig("run", Small(7) with { LearningRate = 1e-3 }, resume: true), null, null, CancellationToken.None));
        Assert.Contains("other settings", e.Message);
    }

    [Fact]
    public void OutputIsAModelFolderWithTokenizerAndTrainingRecord()
    {
        var summary = TrainingRun.Execute(FromConfig("out", Small(3)), null, null, CancellationToken.None)!;
        string dir = Path.Combine(folder.Path, "out");

        using var model = CausalLM.Load(dir);
        Assert.Equal(2, model.Config.NumLayers);
        Assert.True(File.Exists(Path.Combine(dir, "tokenizer.json")));
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "training.json")))!;
        Assert.Equal(3, (int)record["recipe"]!["steps"]!);
        Assert.Equal((double)summary["final_loss"]!, (double)record["final_loss"]!);

        // Fine-tuning that output replaces its training record rather than failing on it.
        string tuned = Path.Combine(folder.Path, "tuned");
        TrainingRun.Execute(new TrainingRequest(dir, null, null, [brown], tuned, Small(2), false, false, CPU), null, null, CancellationToken.None);
        Assert.Equal(2, (int)JsonNode.Parse(File.ReadAllText(Path.Combine(tuned, "training.json")))!["recipe"]!["steps"]!);
        Assert.Equal(2, (int)JsonNode.Parse(File.ReadAllLines(Path.Combine(tuned, "training_log.jsonl")).Single())!["step"]!);
    }

    [Fact]
    public void WholeDocumentsPadsTheStreamAndIsRecordedOnlyWhenSet()
    {
        string cola = Path.Combine(RepoPaths.Root, "tasks", "nlu", "cola.json");
        TrainingSource[] data = [TrainingSource.Parse($"{Path.Combine(RepoPaths.Shared, "data", "nlu", "cola", "train.jsonl")}#task={cola}#examples=40")];

        var whole = TrainingRun.Execute(FromConfig("whole", Small(1) with { SeqLen = 128, WholeDocuments = true }, data), null, null, CancellationToken.None)!;
        var split = TrainingRun.Execute(FromConfig("split", Small(1) with { SeqLen = 128 }, data), null, null, CancellationToken.None)!;

        // The same 40 examples either way (windows of the model's whole context: a cola prompt in this 512-token vocabulary
        // can exceed 32); only the padding differs, and it is untrained.
        Assert.True((long)whole["padded_tokens"]! > 0);
        Assert.Equal(0, (long)split["padded_tokens"]!);
        Assert.Equal((long)split["data_tokens"]! + (long)whole["padded_tokens"]!, (long)whole["data_tokens"]!);
        Assert.Equal((long)split["loss_tokens"]!, (long)whole["loss_tokens"]!);
        Assert.True((bool)whole["recipe"]!["whole_documents"]!);
        Assert.Null(split["recipe"]!["whole_documents"]);
    }

    [Fact]
    public void KeepMasksLeavesEveryPrunedWeightAtZero()
    {
        string pruned = Path.Combine(folder.Path, "pruned");
        using (var model = CausalLM.CreateRandom(ModelConfigReader.Read(config), seed: 2))
        using (no_grad())
        {
            var generator = new Generator(7);
            foreach (var layer in model.Layers)
                foreach (var (_, linear) in layer.Linears)
                    linear.weight!.mul_(rand(linear.weight.shape, generator: generator).gt(0.5));
            model.Save(pruned, addFiles: dir => File.Copy(Path.Combine(TinyModels.StoriesDir, "tokenizer.json"), Path.Combine(dir, "tokenizer.json")));
        }

        foreach (bool keep in new[] { true, false })
        {
            string outDir = Path.Combine(folder.Path, keep ? "kept" : "free");
            TrainingRun.Execute(new TrainingRequest(pruned, null, null, [brown], outDir, Small(4) with { KeepMasks = keep }, false, false, CPU),
                null, null, CancellationToken.None);
            using var before = CausalLM.Load(pruned);
            using var after = CausalLM.Load(outDir);
            long zerosBefore = 0, zerosKept = 0, changed = 0;
            foreach (var ((_, b), (_, a)) in before.Layers.SelectMany(l => l.Linears).Zip(after.Layers.SelectMany(l => l.Linears)))
            {
                var wasZero = b.weight!.eq(0);
                zerosBefore += wasZero.sum().item<long>();
                zerosKept += (wasZero & a.weight!.eq(0)).sum().item<long>();
                changed += a.weight!.ne(b.weight!).sum().item<long>();
            }
            Assert.True(zerosBefore > 1000 && changed > 1000);
            if (keep) Assert.Equal(zerosBefore, zerosKept);
            else Assert.True(zerosKept < zerosBefore / 10, $"{zerosKept} of {zerosBefore} zeros survived without --keep-masks");
        }
    }

    [Fact]
    public void TrainingSourcesParseFieldAndFilter()
    {
        var source = TrainingSource.Parse("data/p.json#field=CONTEXTS+LONG_ANSWER#docs=0:0.8");

        Assert.Equal("data/p.json", source.Path);
        Assert.Equal("CONTEXTS+LONG_ANSWER", source.Field);
        Assert.Equal(0.8, source.Filter!.To);
        Assert.Contains("#colour=red", Assert.Throws<SharpPruneException>(() => TrainingSource.Parse("a.txt#colour=red")).Message);
    }
}
