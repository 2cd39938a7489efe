using System.Diagnostics;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>The machine's float32 matrix-product rate through TorchSharp: the ceiling forward passes are judged against.</summary>
public static class MatmulRate
{
    public static double GflopsPerSecond(int n = 2048, int repeats = 10) => Measure(n, repeats).Wall;

    /// <summary>GFLOP per second of wall time and per second of this process's CPU time (user + system, all threads).</summary>
    public static (double Wall, double Cpu) Measure(int n = 2048, int repeats = 10)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        a.matmul(b).Dispose(); // warm-up: thread pool and allocator
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++) a.matmul(b).Dispose();
        double flop = 2.0 * n * n * n * repeats;
        return (flop / watch.Elapsed.TotalSeconds / 1e9, flop / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / 1e9);
    }
}
