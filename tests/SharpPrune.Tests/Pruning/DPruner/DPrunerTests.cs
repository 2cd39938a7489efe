using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Models.Llama;
using SharpPrune.Pruning;
using SharpPrune.Pruning.DPruner;
using SharpPrune.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning.DPruner;

public sealed class DPrunerTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-dpruner-").FullName;
    readonly TextTokenizer tokenizer = TextTokenizer.Load(TinyModels.StoriesDir);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static string Medical => Path.Combine(RepoPaths.Shared, "data", "medical");

    static DPrunerOptions Options(int seqLen = 32, int epochs = 2, double lambda = 0.1) => new()
    {
        Sparsity = 0.5,
        GeneralCalibration = new CalibrationSpec(TinyModels.Brown, Samples: 4, SeqLen: seqLen, Seed: 1, Filter: DocumentFilter.Parse("0:0.8")),
        Domain = new DomainData(new CalibrationSpec(Path.Combine(Medical, "pubmedqa_ori_pqal.json"), "CONTEXTS+LONG_ANSWER", Samples: 6, SeqLen: seqLen, Seed: 1,
            Filter: DocumentFilter.Parse("not-ids:" + Path.Combine(Medical, "pubmedqa_test_ground_truth.json")))),
        Epochs = epochs,
        BatchSize = 4,
        Dual = DualForm.Released,
        Lambda = lambda,
    };

    /// <summary>A run of one step: the released schedule runs it at progress 1/max(2, T) = ½, so at lr·(1 − ½) with no warm-up.</summary>
    static double OneStepLearningRate(DPrunerOptions options) => options.LearningRate * 0.5;

    [Fact]
    public void GeneralImportanceIsTheSparseGptSaliencyOfAnIndependentReference()
    {
        var options = Options();
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3, std: 0.3);
        var (g, _) = GeneralImportanceStage.Compute(model, options, LinearSelection.All, tokenizer, null);

        // Layer 0's q_proj sees input_layernorm(embeddings) whatever was pruned: recompute them and run the float64 reference.
        using var fresh = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3, std: 0.3);
        using var calibration = CalibrationSampler.Sample(options.GeneralCalibration, tokenizer);
        using var _ = no_grad();
        var layer0 = (LlamaDecoderLayer)fresh.Layers[0];
        var x = layer0.input_layernorm.call(fresh.Embed(calibration.Ids, fresh.Context(32))).reshape(-1, 32).to_type(ScalarType.Float64);
        var w = layer0.self_attn.q_proj.weight!.to_type(ScalarType.Float64);
        var expected = ObsReference.Prune(ToArray(w), ToArray(x), 0.52, "matrix", blockSize: 128).Saliency;
        var actual = (g["model.layers.0.self_attn.q_proj.weight"] / 32.0).to_type(ScalarType.Float64).data<double>().ToArray();
        int i = 0;
        foreach (double e in expected) { Assert.Equal(e, actual[i], Math.Max(1e-7, e * 2e-3)); i++; }
    }

    [Fact]
    public void OneStageTwoStepRefinesTheGradientAndScoresAsByHand()
    {
        var options = Options(epochs: 1, lambda: 2e4) with { WarmupFraction = 0, BatchSize = 6 };
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 4, std: 0.3).to(ScalarType.Float64);
        using var reference = CausalLM.CreateRandom(TinyModels.Llama(), seed: 4, std: 0.3).to(ScalarType.Float64);
        var ids = tensor(Enumerable.Range(0, 6 * 12).Select(i => (long)((i * 31 + 7) % 512)).ToArray()).view(6, 12);
        var targets = Targets(model);
        var generator = new Generator(5, CPU);
        var general = targets.ToDictionary(t => t.Item1, t => rand(t.Item2.weight!.shape, dtype: ScalarType.Float64, generator: generator) * 1e3);

        // By hand: the gradient of the mean next-token loss, then g′ and the Taylor score for a few weights.
        var logits = reference.forward(ids);
        nn.functional.cross_entropy(logits.narrow(1, 0, 11).reshape(-1, 512), ids.narrow(1, 1, 11).reshape(-1)).backward();
        const string name = "model.layers.1.mlp.down_proj.weight";
        var refLinear = ((LlamaDecoderLayer)reference.Layers[1]).mlp.down_proj.weight!;
        double lr = OneStepLearningRate(options);

        var trainer = new DomainImportanceTrainer(model, options, general, targets);
        trainer.Train(ids, ids.clone(), 0, _ => { });

        foreach (var (r, c) in new[] { (0, 0), (3, 17), (31, 47) })
        {
            double g = refLinear.grad![r, c].item<double>(), w = refLinear[r, c].item<double>(), G = general[name][r, c].item<double>();
            double refined = g + options.Lambda * 2 * lr * lr * G * g * g / 1000;
            double gw = refined * w;
            Assert.Equal(Math.Abs(gw + 0.5 * gw * gw), trainer.Score[name][r, c].to_type(ScalarType.Float64).item<double>(), Math.Abs(gw) * 1e-4 + 1e-12);
            Assert.NotEqual(g, refined, 1e-9 * Math.Abs(g)); // the regularizer did act
        }
    }

    [Fact]
    public void InTheRankFormStageTwoScoresThePlainGradientByHand()
    {
        // λ is set high on purpose: the rank form must not apply the regularizer (G enters through α only).
        var options = Options(epochs: 1, lambda: 2e4) with { WarmupFraction = 0, BatchSize = 6, Dual = DualForm.Rank };
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 4, std: 0.3).to(ScalarType.Float64);
        using var reference = CausalLM.CreateRandom(TinyModels.Llama(), seed: 4, std: 0.3).to(ScalarType.Float64);
        var ids = tensor(Enumerable.Range(0, 6 * 12).Select(i => (long)((i * 31 + 7) % 512)).ToArray()).view(6, 12);
        var targets = Targets(model);
        var general = targets.ToDictionary(t => t.Name, t => ones(t.Linear.weight!.shape, dtype: ScalarType.Float64) * 1e3);
        nn.functional.cross_entropy(reference.forward(ids).narrow(1, 0, 11).reshape(-1, 512), ids.narrow(1, 1, 11).reshape(-1)).backward();
        const string name = "model.layers.0.self_attn.v_proj.weight";
        var refWeight = ((LlamaDecoderLayer)reference.Layers[0]).self_attn.v_proj.weight!;

        var trainer = new DomainImportanceTrainer(model, options, general, targets);
        trainer.Train(ids, ids.clone(), 0, _ => { });

        Assert.Same(trainer.Score, trainer.PlainScore);
        foreach (var (r, c) in new[] { (0, 0), (5, 9), (15, 31) })
        {
            double gw = refWeight.grad![r, c].item<double>() * refWeight[r, c].item<double>();
            Assert.Equal(Math.Abs(gw + 0.5 * gw * gw), trainer.Score[name][r, c].to_type(ScalarType.Float64).item<double>(), Math.Abs(gw) * 1e-6 + 1e-15);
        }
    }

    [Fact]
    public void ReusedScoresGiveTheDomainOnlyMaskAtAlphaZeroTheGeneralOnlyMaskAtOneAndReconstructionKeepsTheMask()
    {
        var options = Options() with { Dual = DualForm.Rank, Alpha = 0 };
        string first = Path.Combine(temp, "first");
        var trained = RunPipeline(options, Path.Combine(temp, "work-first"), first, null);
        // pruning.json lists the domain windows stage 2 trained on, with their token offsets, and the dual form.
        var fields = DPrunerManifest.Details(options, trained);
        var windows = fields["domain_windows"]!.AsArray();
        Assert.Equal(6, windows.Count);
        Assert.All(windows, w => Assert.True(w!["start"]!.GetValue<int>() >= 0 && w["document_ids"]!.AsArray().Count >= 1));
        Assert.Equal("rank", fields["dual"]!["form"]!.GetValue<string>());
        Assert.Equal(0.0, fields["dual"]!["alpha"]!.GetValue<double>());
        string importance = Path.Combine(first, "importance");
        using var s = SafetensorsFile.Open(Path.Combine(importance, "domain.safetensors"));
        using var g = SafetensorsFile.Open(Path.Combine(importance, "general.safetensors"));

        var steps = 0;
        string generalOnly = Path.Combine(temp, "general-only"), rebuilt = Path.Combine(temp, "reconstructed");
        var reused = RunPipeline(options with { Alpha = 1 }, Path.Combine(temp, "work-g"), generalOnly, _ => steps++, reuseFrom: first);
        var reconstructed = RunPipeline(options with { Alpha = 1, Reconstruct = ReconstructionSource.Mixed }, Path.Combine(temp, "work-r"), rebuilt, null, reuseFrom: first);
        Assert.Equal(0, steps); // S was read, not trained
        Assert.True(reused.DomainImportanceReused);
        Assert.Null(reused.DomainWindows);
        Assert.Equal(new ReconstructionRecord(ReconstructionSource.Mixed, 10, 32), reconstructed.Reconstruction); // 4 general + 6 domain windows

        using var original = CheckpointReader.Open(TinyModels.StoriesDir);
        using var domainPruned = CheckpointReader.Open(first);
        using var generalPruned = CheckpointReader.Open(generalOnly);
        using var rebuiltPruned = CheckpointReader.Open(rebuilt);
        bool anyKeptChanged = false;
        foreach (var tensorName in s.Names)
        {
            using var before = original.Read(tensorName);
            foreach (var (scores, pruned) in new[] { (s, domainPruned), (g, generalPruned) })
            {
                using var score = scores.Read(tensorName);
                using var after = pruned.Read(tensorName);
                var expected = MaskSelector.Select(score, new UnstructuredPattern(0.5, PruningScope.Matrix));
                Assert.True(((after == 0) == (expected | (before == 0))).all().item<bool>(), $"{tensorName}: not the mask of its scores");
            }
            using var gScore = g.Read(tensorName);
            var mask = MaskSelector.Select(gScore, new UnstructuredPattern(0.5, PruningScope.Matrix));
            using var solved = rebuiltPruned.Read(tensorName);
            Assert.True((solved.masked_select(mask) == 0).all().item<bool>(), $"{tensorName}: reconstruction un-zeroed a masked weight");
            anyKeptChanged |= !(solved.masked_select(~mask) == before.masked_select(~mask)).all().item<bool>();
        }
        Assert.True(anyKeptChanged, "reconstruction must update the kept weights");
    }

    [Fact]
    public void OneStageTwoStepScoresAndUpdatesExactlyAsWithPlainAutograd()
    {
        // fp32 as in real runs: a checkpointed backward that summed anything in another order would show here.
        // One example, so the trainer's shuffling leaves the batch as the reference sees it.
        var options = Options(epochs: 1, lambda: 2e4) with { WarmupFraction = 0, BatchSize = 1 };
        using var model = CausalLM.CreateRandom(TinyModels.Llama(layers: 3), seed: 8, std: 0.3);
        using var reference = CausalLM.CreateRandom(TinyModels.Llama(layers: 3), seed: 8, std: 0.3);
        var ids = tensor(Enumerable.Range(0, 40).Select(i => (long)((i * 29 + 3) % 512)).ToArray()).view(1, 40);
        var targets = Targets(model);
        var generator = new Generator(9, CPU);
        var general = targets.ToDictionary(t => t.Name, t => rand(t.Linear.weight!.shape, generator: generator) * 1e3);

        var trainer = new DomainImportanceTrainer(model, options, general, targets);
        trainer.Train(ids, ids.clone(), 0, _ => { });

        // The same step with the whole graph kept by autograd, then the update as METHODS.md states it.
        double lr = OneStepLearningRate(options);
        nn.functional.cross_entropy(reference.forward(ids).narrow(1, 0, 39).reshape(-1, 512), ids.narrow(1, 1, 39).reshape(-1)).backward();
        using var _ = no_grad();
        var expectedScore = new Dictionary<string, Tensor>();
        foreach (var (name, linear) in Targets(reference))
        {
            // g + c·G⊙g² and |gw + (gw)²/2| with the trainer's float32 roundings (one addcmul each), so that any
            // difference left is the checkpointed backward's.
            var g = linear.weight!.grad!;
            var refined = g.addcmul(general[name] * g, g, value: options.Lambda * 2 * lr * lr / 1000);
            var gw = refined * linear.weight!;
            expectedScore[name] = gw.addcmul(gw, gw, value: 0.5).abs();
            g.copy_(refined);
        }
        var parameters = reference.parameters().ToList();
        double norm = Math.Sqrt(parameters.Sum(p => p.grad!.Squared().sum().to_type(ScalarType.Float64).item<double>()));
        foreach (var p in parameters) p.add_(p.grad!, alpha: -lr * Math.Min(1.0, options.ClipNorm / (norm + 1e-6)));

        foreach (var (name, score) in expectedScore) AssertSame(score, trainer.Score[name], $"S of {name}");
        var updated = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in reference.named_parameters()) AssertSame(p, updated[name], $"the updated {name}");
    }

    static void AssertSame(Tensor expected, Tensor actual, string what)
    {
        float difference = (actual - expected).abs().max().item<float>();
        Assert.True(difference == 0, $"{what} differs by up to {difference}");
    }

    static List<(string Name, Linear Linear)> Targets(CausalLM model) =>
        model.NamedLinears().Select(l => (l.WeightName, l.Linear)).ToList();

    [Fact]
    public void FinalMaskIsTheLowestDomainScoreOfTheOriginalWeightsAndAnInterruptedRunResumesToTheSameResult()
    {
        var options = Options();
        var selection = LinearSelection.All;
        string outA = Path.Combine(temp, "a"), outB = Path.Combine(temp, "b");
        Run(options, Path.Combine(temp, "work-a"), outA, null);

        // Interrupt the second run at its first stage-2 step of epoch 2, after epoch 1's checkpoint.
        string workB = Path.Combine(temp, "work-b");
        int perEpoch = 2; // 6 examples, batch 4
        Assert.Throws<OperationCanceledException>(() => Run(options, workB, outB, step => { if (step == perEpoch + 1) throw new OperationCanceledException(); }));
        Assert.False(Directory.Exists(outB));
        var resumed = Run(options, workB, outB, null);
        Assert.Equal(1, resumed.Details!["resumed_from_epoch"]!.GetValue<int>());
        Assert.Equal(File.ReadAllBytes(Path.Combine(outA, "importance", "domain.safetensors")), File.ReadAllBytes(Path.Combine(outB, "importance", "domain.safetensors")));

        using var original = CheckpointReader.Open(TinyModels.StoriesDir);
        using var pruned = CheckpointReader.Open(outA);
        using var scores = SafetensorsFile.Open(Path.Combine(outA, "importance", "domain.safetensors"));
        foreach (var tensorName in original.Names)
        {
            using var before = original.Read(tensorName);
            using var after = pruned.Read(tensorName);
            if (!scores.Contains(tensorName)) { Assert.Equal(before.bytes.ToArray(), after.bytes.ToArray()); continue; }
            using var s = scores.Read(tensorName);
            var mask = MaskSelector.Select(s, new UnstructuredPattern(0.5, PruningScope.Matrix));
            Assert.True((after.masked_select(mask) == 0).all().item<bool>(), tensorName);
            Assert.True((after.masked_select(~mask) == before.masked_select(~mask)).all().item<bool>(), $"{tensorName}: kept weights must be the ORIGINAL ones");
        }
    }

    PruningResult Run(DPrunerOptions options, string work, string outDir, Action<int>? onStep) =>
        PruningRun.DPruner(new DPrunerRequest(TinyModels.StoriesDir, options) { WorkDir = work }, new PruningOutput(outDir),
            new DPrunerProgress { DomainStep = (step, _, _, _) => onStep?.Invoke(step) });

    /// <summary>The pipeline alone, for what only its report holds (reuse, windows, reconstruction).</summary>
    DPrunerReport RunPipeline(DPrunerOptions options, string work, string outDir, Action<int>? onStep, string? reuseFrom = null)
    {
        var pipeline = new DPrunerPipeline(TinyModels.StoriesDir, CPU, options, LinearSelection.All, tokenizer)
        {
            GeneralImportance = reuseFrom,
            DomainImportance = reuseFrom,
            Progress = new DPrunerProgress { DomainStep = (step, _, _, _) => onStep?.Invoke(step) },
        };
        var (model, report) = pipeline.Run(work);
        using (model) model.Save(outDir, addFiles: pipeline.WriteImportance);
        return report;
    }

    static double[,] ToArray(Tensor t)
    {
        var flat = t.contiguous().data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var a = new double[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) a[r, c] = flat[r * cols + c];
        return a;
    }
}
