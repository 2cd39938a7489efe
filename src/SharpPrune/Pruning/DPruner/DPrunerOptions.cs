using SharpPrune.Calibration;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// Every knob of D-Pruner, defaulting to the reference run (Zhang et al., NAACL 2024 Findings):
/// general importance from SparseGPT saliency at s_g = 0.52; stage 2 five epochs, batch 8,
/// SGD lr 0.03 with linear decay after 10 % warm-up, gradient-norm clip 1.0 — except how G enters the mask: by default
/// the scale-free rank form with <see cref="DefaultAlpha"/> (the released regularizer, λ = 0.1, leaves the mask as the
/// domain score alone makes it on our models; docs/dpruner-dual-score.md).
/// </summary>
public sealed record DPrunerOptions
{
    public required double Sparsity { get; init; }
    public required CalibrationSpec GeneralCalibration { get; init; }
    public required DomainData Domain { get; init; }
    /// <summary>Sparsity of the stage-1 SparseGPT pass whose saliencies become G.</summary>
    public double GeneralSparsity { get; init; } = 0.52;
    public DualForm Dual { get; init; } = DualForm.Rank;
    /// <summary>Rank form: the share of the mask decided by G (0 = the domain score alone, 1 = G alone).</summary>
    public double Alpha { get; init; } = DefaultAlpha;
    /// <summary>Released form: the regularizer's weight. The rank form trains stage 2 without it (see <see cref="StageTwoLambda"/>).</summary>
    public double Lambda { get; init; } = 0.1;
    public double LearningRate { get; init; } = 0.03;
    public double WarmupFraction { get; init; } = 0.1;
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 8;
    public double ClipNorm { get; init; } = 1.0;
    public DomainScoring Scoring { get; init; } = DomainScoring.Taylor2;
    /// <summary>For <see cref="DomainScoring.Reference"/>: the fp16 loss scale the released code's gradients carried.</summary>
    public double ReferenceGradScale { get; init; } = 65536;
    public MaskScope MaskScope { get; init; } = MaskScope.Matrix;
    public long Seed { get; init; }
    /// <summary>When set, the kept weights are updated by the OBS solve with the mask held fixed, on this calibration.</summary>
    public ReconstructionSource? Reconstruct { get; init; }

    /// <summary>The α the measured trade-off on the testbed chose (bench/RESULTS.md, docs/dpruner-dual-score.md).</summary>
    public const double DefaultAlpha = 0.5;

    /// <summary>λ as stage 2 applies it: in the rank form G enters through α only, so the regularizer is off.</summary>
    public double StageTwoLambda => Dual == DualForm.Released ? Lambda : 0;

    public void Validate()
    {
        if (!(Sparsity > 0 && Sparsity < 1)) throw new SharpPruneException($"--sparsity must be in (0, 1), not {Sparsity}");
        if (!(GeneralSparsity > 0 && GeneralSparsity < 1)) throw new SharpPruneException("--general-sparsity must be in (0, 1)");
        if (Epochs < 1) throw new SharpPruneException("--epochs must be at least 1");
        if (BatchSize < 1) throw new SharpPruneException("--batch-size must be at least 1");
        if (!(LearningRate > 0)) throw new SharpPruneException("--lr must be positive");
        if (!(WarmupFraction >= 0 && WarmupFraction < 1)) throw new SharpPruneException("--warmup must be in [0, 1)");
        if (!(ClipNorm > 0)) throw new SharpPruneException("--clip must be positive");
        if (Lambda < 0) throw new SharpPruneException("--lambda must be ≥ 0");
        if (!(Alpha >= 0 && Alpha <= 1)) throw new SharpPruneException($"--alpha must be in [0, 1], not {Alpha}");
    }
}
