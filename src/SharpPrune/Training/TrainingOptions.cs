namespace SharpPrune.Training;

/// <summary>Everything that determines a training run besides the model and the data.</summary>
public sealed record TrainingOptions
{
    public int Steps { get; init; } = 1000;
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Warm-up steps; default min(100, steps / 10).</summary>
    public int? WarmupSteps { get; init; }

    /// <summary>The cosine schedule ends at this fraction of the peak learning rate.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Sequences per forward/backward; an optimizer step sees BatchSize × Accumulate sequences.</summary>
    public int BatchSize { get; init; } = 8;

    public int Accumulate { get; init; } = 1;
    public int SeqLen { get; init; } = 256;
    public double ClipNorm { get; init; } = 1.0;
    public long Seed { get; init; }
    public int CheckpointEvery { get; init; } = 200;
    public int LogEvery { get; init; } = 10;

    /// <summary>Keep every zero of the input's decoder-layer matrices at zero (recovery fine-tuning of a pruned model).</summary>
    public bool KeepMasks { get; init; }

    /// <summary>Pack every document that fits in one window whole (see <see cref="TokenWindows"/>).</summary>
    public bool WholeDocuments { get; init; }

    public int Warmup => WarmupSteps ?? Math.Min(100, Steps / 10);

    public CosineSchedule Schedule => new(LearningRate, Steps, Warmup, MinLearningRateRatio);

    public void Validate(int contextLength)
    {
        if (Steps < 1) throw new SharpPruneException($"--steps {Steps}: must be at least 1");
        if (LearningRate <= 0 || !double.IsFinite(LearningRate)) throw new SharpPruneException($"--lr {LearningRate}: must be a positive number");
        if (BatchSize < 1 || Accumulate < 1) throw new SharpPruneException("--batch and --accumulate must be at least 1");
        if (SeqLen < 2 || SeqLen > contextLength) throw new SharpPruneException($"--seq-len {SeqLen}: must be between 2 and the model's context {contextLength}");
        if (CheckpointEvery < 1) throw new SharpPruneException($"--checkpoint-every {CheckpointEvery}: must be at least 1");
    }
}
