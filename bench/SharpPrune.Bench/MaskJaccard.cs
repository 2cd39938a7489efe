using SharpPrune.IO;
using SharpPrune.Pruning.DPruner;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// How far apart two importance files' masks are: each file's lowest-s entries per matrix (D-Pruner's selection), then
/// the Jaccard |A∩B|/|A∪B| pooled over every matrix, and the number of matrices whose masks are identical.
///   mask-jaccard SPARSITY A.safetensors B.safetensors
/// </summary>
public static class MaskJaccard
{
    public static void Run(string[] args)
    {
        double sparsity = double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        using var a = SafetensorsFile.Open(args[1]);
        using var b = SafetensorsFile.Open(args[2]);
        long intersection = 0, union = 0;
        int identical = 0;
        foreach (var name in a.Names)
        {
            using var scope = NewDisposeScope();
            var maskA = ImportanceMask.Select(a.Read(name).to_type(ScalarType.Float32), sparsity, MaskScope.Matrix);
            var maskB = ImportanceMask.Select(b.Read(name).to_type(ScalarType.Float32), sparsity, MaskScope.Matrix);
            intersection += (maskA & maskB).sum().item<long>();
            union += (maskA | maskB).sum().item<long>();
            if ((maskA == maskB).all().item<bool>()) identical++;
        }
        Console.WriteLine($"jaccard {(double)intersection / union:F6} identical_matrices {identical}/{a.Names.Count}");
    }
}
