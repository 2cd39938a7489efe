using SharpPrune.Data;

namespace SharpPrune.Calibration;

/// <summary>Where calibration windows come from and how many: a text source (optionally a slice of it by sorted id), n windows of L tokens, a seed.</summary>
public sealed record CalibrationSpec(string Path, string Field = "text", int Samples = 128, int SeqLen = 512, long Seed = 0,
    DocumentFilter? Filter = null)
{
    /// <summary>The calibration window when none is given: 2048 tokens (the pruning papers'), or the model's context if shorter.</summary>
    public static int DefaultSeqLen(int context) => Math.Min(2048, context);

    public void Validate()
    {
        if (Samples < 1) throw new SharpPruneException("--nsamples must be at least 1");
        if (SeqLen < 2) throw new SharpPruneException("--seq-len must be at least 2");
    }

    /// <summary>Also checks the windows fit a model of <paramref name="context"/> positions.</summary>
    public void Validate(int context)
    {
        Validate();
        if (SeqLen > context) throw new SharpPruneException($"--seq-len {SeqLen} exceeds the model's context of {context} tokens");
    }
}
