using System.Diagnostics;
using SharpPrune.Models;
using SharpPrune.Pruning;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// Each method on the ~100M random Llama with n × 512 calibration tokens, next to one plain forward
/// over the same tokens in the same run, with the walker's default two passes per layer and with its
/// one-pass true-sequential order. Targets: Wanda ≤ 1.5× that forward, SparseGPT ≤ 6×.
/// Peak RSS is read after each method (it only grows, so each row bounds that method and those before it).
/// </summary>
public static class PruneBenchmark
{
    public static void Run(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0]) : 128, seqLen = 512;
        var random = new Random(2);
        var ids = tensor(Enumerable.Range(0, samples * seqLen).Select(_ => (long)random.Next(3, 32000)).ToArray()).view(samples, seqLen);

        double forward;
        using (var model = CausalLM.CreateRandom(BenchModels.Llama100M(), seed: 1))
        using (no_grad())
        {
            var watch = Stopwatch.StartNew();
            for (int s = 0; s < samples; s += 8)
            {
                using var scope = NewDisposeScope();
                model.forward(ids.narrow(0, s, Math.Min(8, samples - s)));
            }
            forward = watch.Elapsed.TotalSeconds;
        }
        Console.WriteLine($"| method | calibration | seconds | × forward ({forward:F1} s) | peak RSS |");
        Console.WriteLine("|---|---|---|---|---|");
        // Default-order rows first: peak RSS only grows, and true-sequential holds more activations.
        var runs = new[] { ("magnitude", false), ("wanda", false), ("sparsegpt", false), ("wanda", true), ("sparsegpt", true) };
        foreach (var (name, trueSequential) in runs.Where(r => args.Length < 2 || args[1..].Contains(r.Item1)))
        {
            using var model = CausalLM.CreateRandom(BenchModels.Llama100M(), seed: 1);
            var method = PruningMethods.Create(name);
            var pattern = new UnstructuredPattern(0.5, PruningMethods.DefaultScope(name));
            var watch = Stopwatch.StartNew();
            if (method.NeedsCalibration)
                foreach (var (_, mask) in new LayerwiseWalker(model, ids) { TrueSequential = trueSequential }.Run(method, pattern, _ => true)) mask.Dispose();
            else
                foreach (var layer in model.Layers)
                    foreach (var (_, linear) in layer.Linears) method.Prune(linear, null, pattern).Dispose();
            double seconds = watch.Elapsed.TotalSeconds;
            string label = trueSequential ? name + " (true-sequential)" : name;
            Console.WriteLine($"| {label} | {samples} × {seqLen} | {seconds:F1} | {seconds / forward:F2} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB |");
        }
    }
}
