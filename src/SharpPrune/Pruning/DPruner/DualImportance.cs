using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// The importance D-Pruner masks by, from the domain score S and the general importance G of one matrix. In the rank
/// form each is replaced by its rank within the matrix (0 for the lowest, ties in position order, as
/// <see cref="MaskSelector"/> breaks them) before mixing, so α = 0 masks exactly as S does and α = 1 exactly as G does.
/// </summary>
public static class DualImportance
{
    public static Tensor Combine(Tensor domain, Tensor general, DualForm form, double alpha)
    {
        if (form == DualForm.Released) return domain.alias();
        using var scope = NewDisposeScope();
        // Integer ranks in float64 are exact (up to 2⁵³ entries), so the ends of α reproduce the plain masks bit for bit.
        var mixed = Rank(domain).mul_(1 - alpha).add_(Rank(general), alpha: alpha);
        return mixed.MoveToOuterDisposeScope();
    }

    /// <summary>Each entry's position in the stable ascending order of its matrix, as float64, same shape.</summary>
    public static Tensor Rank(Tensor scores)
    {
        using var scope = NewDisposeScope();
        var flat = scores.flatten();
        var (_, order) = flat.sort(dim: 0, descending: false, stable: true);
        var ranks = empty(flat.shape, dtype: ScalarType.Float64, device: flat.device)
            .index_copy_(0, order, arange(flat.numel(), dtype: ScalarType.Float64, device: flat.device));
        return ranks.view(scores.shape).MoveToOuterDisposeScope();
    }
}
