namespace SharpPrune.Pruning.Attribution;

/// <summary>Settings of attribution-based structured pruning; the defaults are ours (the paper's are not available).</summary>
public sealed record AttributionOptions
{
    public UnitScoring Scoring { get; init; } = UnitScoring.Attribution;
    /// <summary>Fraction of FFN neurons removed: of each layer, or of all layers with <see cref="Global"/>.</summary>
    public required double Ratio { get; init; }
    public bool Global { get; init; }
    /// <summary>With <see cref="Global"/>, the fraction of each layer's neurons always kept.</summary>
    public double MinKeep { get; init; } = 0.1;
    /// <summary>Fraction of each layer's attention head groups (a KV head with its query heads) removed; null = no head is removed or scored.</summary>
    public double? Heads { get; init; }
    /// <summary>Integrated-gradient steps; null = activation × gradient (one backward per example).</summary>
    public int? IgSteps { get; init; }
    /// <summary>Scaled copies run per forward in integrated gradients.</summary>
    public int IgBatch { get; init; } = 20;
    public PositionReduce PositionReduce { get; init; } = PositionReduce.Max;
    /// <summary>Use the model's own prediction as the target; gold labels are never read.</summary>
    public bool Unsupervised { get; init; }
    /// <summary>Use only this many examples, drawn with <see cref="Seed"/> (the low-resource setting).</summary>
    public int? LowResource { get; init; }
    /// <summary>Use at most this many examples (after the low-resource draw), in order.</summary>
    public int? Limit { get; init; }
    public long Seed { get; init; }

    public void Validate()
    {
        if (!(Ratio >= 0 && Ratio < 1)) throw new SharpPruneException($"--ratio must be in [0, 1), not {Ratio}");
        if (Heads is { } heads && !(heads >= 0 && heads < 1)) throw new SharpPruneException($"--heads must be in [0, 1), not {heads}");
        if (!(MinKeep > 0 && MinKeep <= 1)) throw new SharpPruneException($"--min-keep must be in (0, 1], not {MinKeep}");
        if (IgSteps is < 1) throw new SharpPruneException("--ig-steps must be at least 1");
        if (IgBatch < 1) throw new SharpPruneException("--ig-batch must be at least 1");
        if (LowResource is < 1) throw new SharpPruneException("--low-resource must be at least 1");
        if (Limit is < 1) throw new SharpPruneException("--limit must be at least 1");
    }
}
