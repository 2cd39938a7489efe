using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// Rotary position embedding in the rotate-half layout HF uses (first half / second half of the
/// rotated dimensions pair up), over the first <see cref="ModelConfig.RotaryDim"/> dims of each head.
/// </summary>
public sealed class RotaryEmbedding
{
    readonly Tensor invFreq; // [rotaryDim/2], float32
    public int RotaryDim { get; }

    public Device Device => invFreq.device;

    public RotaryEmbedding(ModelConfig config, Device device)
    {
        RotaryDim = config.RotaryDim;
        var freqs = new double[RotaryDim / 2];
        for (int i = 0; i < freqs.Length; i++)
            freqs[i] = Scaled(1.0 / Math.Pow(config.RopeTheta, 2.0 * i / RotaryDim), config.RopeScaling);
        // Lives as long as the model, so it must not belong to whichever dispose scope first asked for it.
        invFreq = tensor(freqs.Select(f => (float)f).ToArray(), device: device).DetachFromDisposeScope();
    }

    static double Scaled(double freq, RopeScaling? s)
    {
        if (s is null) return freq;
        if (s.Type == RopeScaling.Linear) return freq / s.Factor;
        // llama3: long wavelengths are slowed by the factor, short ones kept, the band between blended.
        double wavelen = 2 * Math.PI / freq;
        double lowFreqWavelen = s.OriginalMaxPositions / s.LowFreqFactor;
        double highFreqWavelen = s.OriginalMaxPositions / s.HighFreqFactor;
        if (wavelen < highFreqWavelen) return freq;
        if (wavelen > lowFreqWavelen) return freq / s.Factor;
        double smooth = (s.OriginalMaxPositions / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        return (1 - smooth) * freq / s.Factor + smooth * freq;
    }

    /// <summary>cos and sin tables [positions, rotaryDim] for positions offset..offset+count-1.</summary>
    public (Tensor Cos, Tensor Sin) Tables(long offset, long count)
    {
        using var scope = NewDisposeScope();
        var positions = arange(offset, offset + count, dtype: ScalarType.Float32, device: invFreq.device);
        var angles = outer(positions, invFreq);
        var emb = cat([angles, angles], -1);
        return (emb.cos().MoveToOuterDisposeScope(), emb.sin().MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Rotates x [batch, heads, time, headDim] in its first RotaryDim dims: x·cos + rotate_half(x)·sin, where
    /// rotate_half(x) = [−second half, first half] and the tables are those of <see cref="Tables"/> (whose two halves
    /// are equal). The half products are added in place into x·cos, so one tensor is allocated rather than a negated
    /// half, a concatenation and two products — the same float32 operations in the same order, so the same values.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin, int rotaryDim)
    {
        using var scope = NewDisposeScope();
        long headDim = x.shape[^1], half = rotaryDim / 2;
        var rot = rotaryDim == headDim ? x : x.narrow(-1, 0, rotaryDim);
        var sinHalf = sin.narrow(-1, 0, half).to_type(x.dtype);
        var rotated = rot * cos.to_type(x.dtype);
        rotated.narrow(-1, 0, half).addcmul_(rot.narrow(-1, half, half), sinHalf, value: -1);
        rotated.narrow(-1, half, half).addcmul_(rot.narrow(-1, 0, half), sinHalf, value: 1);
        var result = rotaryDim == headDim ? rotated : cat([rotated, x.narrow(-1, rotaryDim, headDim - rotaryDim)], -1);
        return result.MoveToOuterDisposeScope();
    }
}
