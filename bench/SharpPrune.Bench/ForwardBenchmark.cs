using System.Diagnostics;
using SharpPrune.Evaluation;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// Perplexity-forward throughput of a ~100M Llama at sequence length 512 on random tokens, against
/// the matmul rate measured in the same run. Target: ≥ 50% of the matmul-bound token rate.
/// </summary>
public static class ForwardBenchmark
{
    public static void Run(string[] args)
    {
        int seqLen = 512, windows = args.Length > 0 ? int.Parse(args[0]) : 8;
        var (gflops, gflopsCpu) = MatmulRate.Measure();
        using var model = CausalLM.CreateRandom(BenchModels.Llama100M(), seed: 1);
        var random = new Random(1);
        var tokens = Enumerable.Range(0, seqLen * windows).Select(_ => random.Next(3, model.Config.VocabSize)).ToArray();

        var evaluator = new PerplexityEvaluator(model, seqLen, seqLen);
        evaluator.AddDocument(tokens.Take(seqLen).ToArray()); // warm-up window
        evaluator = new PerplexityEvaluator(model, seqLen, seqLen);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        evaluator.AddDocument(tokens);
        double seconds = watch.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        double tokensPerSecond = tokens.Length / seconds;
        double flopsPerToken = BenchModels.ForwardFlopsPerToken(model, seqLen);
        double boundTokensPerSecond = gflops * 1e9 / flopsPerToken;
        Console.WriteLine("| model | params | threads | seq len | tokens | matmul GFLOP/s | forward tokens/s | matmul-bound tokens/s | achieved | peak RSS |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| llama-100m (random) | {model.ParameterCount / 1e6:F1}M | {get_num_threads()} | {seqLen} | {tokens.Length} | {gflops:F1} | {tokensPerSecond:F0} | {boundTokensPerSecond:F0} | {tokensPerSecond / boundTokensPerSecond:P0} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB |");
        // On a loaded machine the wall-clock ratio swings with the other work; the same ratio in CPU seconds (both rates
        // per second of this process's CPU time) moves far less, so before/after comparisons there use it.
        double cpuRatio = tokens.Length / cpuSeconds / (gflopsCpu * 1e9 / flopsPerToken);
        Console.WriteLine($"by CPU time: matmul {gflopsCpu:F1} GFLOP/CPU-s, forward {tokens.Length / cpuSeconds:F0} tokens/CPU-s, achieved {cpuRatio:P1}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"ppl of random tokens (sanity, ≈ vocab for an untrained model): {evaluator.Result.Perplexity:F0}");
    }
}
