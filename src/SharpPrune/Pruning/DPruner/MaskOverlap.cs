using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>Jaccard overlap |A∩B| / |A∪B| of two pruning masks (1 when both are empty).</summary>
public static class MaskOverlap
{
    public static double Jaccard(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        long union = (a | b).sum().item<long>();
        return union == 0 ? 1.0 : (double)(a & b).sum().item<long>() / union;
    }
}
