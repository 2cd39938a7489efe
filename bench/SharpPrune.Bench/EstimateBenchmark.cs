using SharpPrune.Memory;
using SharpPrune.Models;
using SharpPrune.Pruning;

namespace SharpPrune.Bench;

/// <summary>
/// The memory estimate a command makes before it runs (the CLI only shows it when it refuses), printed for comparison with a
/// measured peak: estimate MODEL_DIR wanda|sparsegpt|magnitude|ppl SAMPLES_OR_WINDOWS SEQ_LEN stored|streamed [BATCH] [--true-sequential].
/// </summary>
public static class EstimateBenchmark
{
    public static void Run(string[] args)
    {
        string dir = args[0], what = args[1];
        var rest = args.Skip(5).ToList();
        bool trueSequential = rest.Remove("--true-sequential");
        int count = int.Parse(args[2]), seqLen = int.Parse(args[3]), batch = rest.Count > 0 ? int.Parse(rest[0]) : 8;
        var residency = args[4] == "streamed" ? WeightResidency.Streamed : WeightResidency.Stored;
        var config = ModelConfigReader.ReadFolder(dir);
        double storedBytes = MemoryEstimate.StoredBytesPerWeight(dir);
        MemoryEstimate estimate;
        if (what == "ppl")
        {
            estimate = residency == WeightResidency.Streamed
                ? MemoryEstimate.LayerMajorInference(config, count, seqLen, storedBytes)
                : MemoryEstimate.Inference(config, 1, seqLen, residency: residency, storedBytes: storedBytes);
        }
        else
        {
            var method = PruningMethods.Create(what);
            estimate = MemoryEstimate.Walker(config, method, PruningMethods.DefaultScope(what), count, batch, seqLen, trueSequential, residency, storedBytes);
        }
        Console.WriteLine($"{what} {count} × {seqLen} {args[4]}: estimated peak {MemoryPart.Format(estimate.PeakBytes)} ({estimate})");
    }
}
