using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Models;
using SharpPrune.Models.Llama;
using SharpPrune.Pruning;
using SharpPrune.Pruning.DPruner;
using SharpPrune.Tests.Cli;
using SharpPrune.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>NaN and Inf stop a run where they arise, named by tensor, layer or step; they never become a mask.</summary>
public sealed class NumericalFaultTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-numerics-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static DPrunerOptions Options => new()
    {
        Sparsity = 0.5,
        GeneralCalibration = new CalibrationSpec(TinyModels.Brown, Samples: 4, SeqLen: 32, Seed: 1, Filter: DocumentFilter.Parse("0:0.8")),
        Domain = new DomainData(new CalibrationSpec(TinyModels.Brown, "text", Samples: 6, SeqLen: 32, Seed: 1, Filter: DocumentFilter.Parse("0.8:1"))),
        Epochs = 2,
        BatchSize = 4,
    };

    [Fact]
    public void ANaNWeightStopsPruneAndPplAtLoadNamingTheTensor()
    {
        string broken = Path.Combine(temp, "broken");
        using (var model = CausalLM.Load(TinyModels.StoriesDir))
        {
            using (no_grad()) ((LlamaDecoderLayer)model.Layers[2]).mlp.up_proj.weight![3, 5].fill_(float.NaN);
            model.Save(broken);
        }
        string expected = $"error: {broken}/model.safetensors: tensor 'model.layers.2.mlp.up_proj.weight' holds NaN or Inf (1 NaN and 0 Inf of 11008 values)";

        string outDir = Path.Combine(temp, "out");
        var prune = CliProcess.Run("prune", "--model", broken, "--method", "magnitude", "--sparsity", "0.5", "--out", outDir);
        Assert.Equal(2, prune.ExitCode);
        Assert.Equal(expected, prune.Stderr.TrimEnd());
        Assert.False(Directory.Exists(outDir));

        string text = Path.Combine(temp, "doc.txt");
        File.WriteAllText(text, "Once upon a time there was a little dog.");
        var ppl = CliProcess.Run("ppl", "--model", broken, "--data", text);
        Assert.Equal(2, ppl.ExitCode);
        Assert.Equal(expected, ppl.Stderr.TrimEnd());
    }

    [Fact]
    public void CalibrationActivationsThatOverflowStopTheWalkerNamingTheLayerAndLinear()
    {
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 1);
        // Finite, so the weights load, but up_proj's outputs overflow float32 and reach down_proj as ±Inf or NaN.
        using (no_grad()) ((LlamaDecoderLayer)model.Layers[1]).mlp.up_proj.weight!.fill_(3e38f);
        using var ids = randint(0, 512, [4, 16], generator: new Generator(2));
        var walker = new LayerwiseWalker(model, ids, batchSize: 2);

        var error = Assert.Throws<SharpPruneException>(() => walker.Run(new WandaPruning(), new UnstructuredPattern(0.5, PruningScope.Row), _ => true));

        Assert.StartsWith("the calibration input of model.layers.1.mlp.down_proj (layer 1) holds NaN or Inf (", error.Message);
    }

    [Fact]
    public void AnExplodingLearningRateStopsDPrunerStage2NamingTheStep()
    {
        var options = Options with { LearningRate = 1e38, WarmupFraction = 0 };
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 4);
        var targets = model.NamedLinears().Select(l => (Name: l.WeightName, l.Linear)).ToList();
        var general = targets.ToDictionary(t => t.Item1, t => ones_like(t.Linear.weight!).detach());
        var trainer = new DomainImportanceTrainer(model, options, general, targets);
        using var ids = tensor(Enumerable.Range(0, 6 * 12).Select(i => (long)((i * 31 + 7) % 512)).ToArray()).view(6, 12);

        var error = Assert.Throws<SharpPruneException>(() => trainer.Train(ids, ids.clone(), 0, _ => { }));

        // Step 1 is finite; its update of about 1e38 makes step 2 overflow.
        Assert.Matches(@"^D-Pruner stage 2 step 2 of 4: the (domain loss is (NaN|-?∞) \(the training diverged; try a lower --lr than 1E\+38\)|gradient of [\w.]+ holds NaN or Inf \(.*\))$", error.Message);
    }

    [Fact]
    public void AReusedGeneralImportanceHoldingNaNStopsDPrunerBeforeAnyMaskNamingFileAndTensor()
    {
        string given = Path.Combine(temp, "given");
        Directory.CreateDirectory(given);
        using (var model = CausalLM.Load(TinyModels.StoriesDir))
        {
            var g = LinearSelection.All.In(model).ToDictionary(t => t.Name + ".weight", t => ones_like(t.Linear.weight!).detach());
            g["model.layers.0.self_attn.q_proj.weight"][0, 0].fill_(float.PositiveInfinity);
            ImportanceFile.Save(Path.Combine(given, DPrunerPipeline.GeneralFile), g);
        }
        var pipeline = new DPrunerPipeline(TinyModels.StoriesDir, CPU, Options, LinearSelection.All, TextTokenizer.Load(TinyModels.StoriesDir))
        {
            GeneralImportance = given,
        };

        var error = Assert.Throws<SharpPruneException>(() => pipeline.Run(Path.Combine(temp, "work")));

        Assert.Equal($"{given}/general.safetensors: importance G of 'model.layers.0.self_attn.q_proj.weight' holds NaN or Inf (0 NaN and 1 Inf of 4096 values)",
            error.Message);
    }
}
