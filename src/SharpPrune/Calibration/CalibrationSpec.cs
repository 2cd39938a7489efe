using SharpPrune.Data;

namespace SharpPrune.Calibration;

/// <summary>Where calibration windows come from and how many: a text source (optionally a slice of it by sorted id), n windows of L tokens, a seed.</summary>
public sealed record CalibrationSpec(string Path, string Field = "text", int Samples = 128, int SeqLen = 512, long Seed = 0,
    DocumentFilter? Filter = null)
{
    /// <summary>The calibration window when none is given: 2048 tokens (the pruning papers'), or the model's context if shorter.</summary>
    public static int DefaultSeqLen(int context) => Math.Min(2048, context);

    /// <summary>
    /// The spec a run's calibration fields describe for a model of <paramref name="context"/> positions: windows of
    /// <paramref name="seqLen"/> tokens, or <see cref="DefaultSeqLen"/> when none is given.
    /// </summary>
    public static CalibrationSpec ForModel(string path, string field, int samples, int? seqLen, long seed, DocumentFilter? filter, int context) =>
        new(path, field, samples, seqLen ?? DefaultSeqLen(context), seed, filter);

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
