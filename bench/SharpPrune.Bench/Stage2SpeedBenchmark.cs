using System.Diagnostics;
using SharpPrune.Calibration;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Pruning.DPruner;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// What one D-Pruner stage-2 step costs in forwards, on the ~100M random Llama with one batch of 8 × 512 tokens and
/// the same thread count throughout: a plain forward (as <c>ppl</c> runs it), the checkpointed backward alone
/// (forward + re-forward + backward, ≈ 4 forwards of work), and whole trainer steps in the rank form (no
/// regularizer, one score) and the released form (refined gradient, two scores). The gap between the step and the
/// backward is the per-parameter work: scoring, the finiteness checks, the clipping norm and the update.
/// Arguments: [sequence length (512)] [forms, comma-separated (rank,released)] — one form alone keeps a run short on
/// a loaded machine, the forward and the backward rows being measured in every run.
/// </summary>
public static class Stage2SpeedBenchmark
{
    public static void Run(string[] args)
    {
        int batch = 8, seqLen = args.Length > 0 ? int.Parse(args[0]) : 512;
        var forms = args.Length > 1
            ? args[1].Split(',').Select(f => Enum.Parse<DualForm>(f, ignoreCase: true)).ToArray()
            : [DualForm.Rank, DualForm.Released];
        using var model = CausalLM.CreateRandom(BenchModels.Llama100M(), seed: 1);
        var ids = randint(0, model.Config.VocabSize, [batch, seqLen], generator: new Generator(2, CPU));
        long tokens = ids.numel();
        var targets = LinearSelection.All.In(model).Select(t => (t.Name + ".weight", t.Linear)).ToList();
        var general = targets.ToDictionary(t => t.Item1, t => rand(t.Linear.weight!.shape).DetachFromDisposeScope());
        using (no_grad()) model.forward(ids.narrow(1, 0, 16)).Dispose(); // warm-up

        double forward = Time(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            model.forward(ids);
        });
        double backward = Time(() =>
        {
            using var scope = NewDisposeScope();
            CheckpointedBackward.Run(model, ids, logits => nn.functional.cross_entropy(
                logits.narrow(1, 0, seqLen - 1).reshape(-1, logits.shape[2]), ids.narrow(1, 1, seqLen - 1).reshape(-1)));
            foreach (var p in model.parameters()) p.grad?.zero_();
        });
        Console.WriteLine($"threads {get_num_threads()}, {batch} × {seqLen} tokens");
        Console.WriteLine("| pass | s | tokens/s | forwards |");
        Console.WriteLine("|---|---|---|---|");
        Row("forward (no autograd)", forward);
        Row("checkpointed backward (forward + re-forward + backward)", backward);
        foreach (var form in forms)
        {
            var options = new DPrunerOptions
            {
                Sparsity = 0.5,
                GeneralCalibration = new CalibrationSpec("(unused)", Samples: 1, SeqLen: seqLen),
                Domain = new DomainData(new CalibrationSpec("(unused)", Samples: batch, SeqLen: seqLen)),
                Epochs = 1,
                BatchSize = batch,
                Dual = form,
            };
            var trainer = new DomainImportanceTrainer(model, options, general, targets);
            double step = Time(() => trainer.Train(ids, ids.clone(), 0, _ => { }));
            Row($"stage-2 step, {form.ToString().ToLowerInvariant()} form", step);
            // The rank form's trainer keeps one accumulator for both scores.
            foreach (var s in trainer.Score.Values) s.Dispose();
            if (!ReferenceEquals(trainer.PlainScore, trainer.Score)) foreach (var s in trainer.PlainScore.Values) s.Dispose();
        }

        void Row(string what, double seconds) => Console.WriteLine($"| {what} | {seconds:F1} | {tokens / seconds:F0} | {seconds / forward:F2} |");
    }

    static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
