using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// What SparseGPT's walk needs from a Hessian: U, the upper Cholesky factor of (H + λ·mean(diag H)·I)⁻¹ with dead inputs
/// (H_jj = 0) given H_jj = 1, and which inputs are dead (their weights are zeroed). It depends on H alone, so the linears fed
/// one input share it (<see cref="HessianStatistics.InverseFactor"/>).
/// </summary>
public sealed class InverseHessianFactor : IDisposable
{
    InverseHessianFactor(Tensor upper, Tensor dead, double damping) => (Upper, Dead, Damping) = (upper, dead, damping);

    /// <summary>U [in, in], upper triangular.</summary>
    public Tensor Upper { get; }

    /// <summary>[in] booleans: true where no calibration input ever reached the column.</summary>
    public Tensor Dead { get; }

    public double Damping { get; }

    /// <summary>
    /// U = J·L⁻¹·J where J·H·J = L·Lᵀ and J reverses the order (H⁻¹ = (J·L⁻ᵀ·J)(J·L⁻¹·J), and a factor with a positive
    /// diagonal is unique): the reference's chol(cholesky_inverse(chol(H))), with one Cholesky and one triangular inverse
    /// in products instead of two Choleskys and an inverse-and-multiply: 2n³/3 of matrix-product work after the first
    /// Cholesky instead of n³ of LAPACK's. At n = 11008 (a 7B down projection) 6.0–6.7 s instead of 9.7–11.0 s (bench/RESULTS.md).
    /// </summary>
    public static InverseHessianFactor Of(Tensor hessian, double damping)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var h = hessian.to_type(ScalarType.Float32).flip(0, 1);
        var diagonal = h.diagonal();
        var zero = diagonal == 0;
        var dead = zero.flip(0);
        diagonal.masked_fill_(zero, 1);
        diagonal.add_(damping * diagonal.mean().item<float>());
        var (lower, info) = linalg.cholesky_ex(h, check_errors: false);
        // Each n² buffer goes as soon as it is used: at n = 11008 one is 485 MB, and this runs beside the layer's Hessians.
        h.Dispose();
        if (info.item<int>() != 0)
            throw new SharpPruneException("SparseGPT: the calibration Hessian is not positive definite even after damping (too few calibration tokens?)");
        var reversed = LowerInverse(lower);
        lower.Dispose();
        var upper = reversed.flip(0, 1);
        reversed.Dispose();
        if (!float.IsFinite(upper.abs().max().item<float>()))
            throw new SharpPruneException("SparseGPT: the inverse Hessian overflows (numerically singular calibration inputs)");
        // Owned by the factor, not by whatever scope first asked for it: the next linear of the group reuses it.
        return new InverseHessianFactor(upper.DetachFromDisposeScope(), dead.DetachFromDisposeScope(), damping);
    }

    /// <summary>
    /// L⁻¹ of a lower triangular L by halves: [A 0; B C]⁻¹ = [A⁻¹ 0; −C⁻¹·B·A⁻¹ C⁻¹], so nearly all the work is two
    /// matrix products a level; triangular solves only below <see cref="SolvedDirectly"/> rows.
    /// </summary>
    static Tensor LowerInverse(Tensor lower)
    {
        long n = lower.shape[0];
        if (n <= SolvedDirectly) return linalg.solve_triangular(lower, eye(n, dtype: lower.dtype, device: lower.device), upper: false);
        using var scope = NewDisposeScope();
        long half = n / 2;
        var inverse = zeros_like(lower);
        var a = LowerInverse(lower.narrow(0, 0, half).narrow(1, 0, half));
        var c = LowerInverse(lower.narrow(0, half, n - half).narrow(1, half, n - half));
        inverse.narrow(0, 0, half).narrow(1, 0, half).copy_(a);
        inverse.narrow(0, half, n - half).narrow(1, half, n - half).copy_(c);
        inverse.narrow(0, half, n - half).narrow(1, 0, half).copy_(c.matmul(lower.narrow(0, half, n - half).narrow(1, 0, half)).matmul(a).neg_());
        return inverse.MoveToOuterDisposeScope();
    }

    const long SolvedDirectly = 256;

    public void Dispose()
    {
        Upper.Dispose();
        Dead.Dispose();
    }
}
