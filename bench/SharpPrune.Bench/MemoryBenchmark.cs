using System.Diagnostics;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// Resident memory across repeated forward passes of the ~100M Llama (batch 8 × 512): it must stay
/// flat after the first pass — growth means a leak or an allocator holding freed activations.
/// </summary>
public static class MemoryBenchmark
{
    public static void Run()
    {
        static double Mb() => Process.GetCurrentProcess().WorkingSet64 / 1e6;
        using var model = CausalLM.CreateRandom(BenchModels.Llama100M(), seed: 1);
        var ids = randint(3, 32000, [8, 512]);
        Console.WriteLine($"| after | RSS MB |\n|---|---|\n| model built | {Mb():F0} |");
        using var _ = no_grad();
        for (int i = 1; i <= 8; i++)
        {
            using var scope = NewDisposeScope();
            model.forward(ids);
            scope.Dispose();
            Console.WriteLine($"| forward {i} | {Mb():F0} |");
        }
    }
}
