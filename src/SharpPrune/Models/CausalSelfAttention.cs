using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// The attention computation every family shares once q, k, v are projected and split into heads:
/// rotary, KV cache, grouped-query expansion, causal scaled-dot-product attention, head merge.
/// </summary>
public static class CausalSelfAttention
{
    /// <param name="q">[batch, heads, time, headDim]</param>
    /// <param name="k">[batch, kvHeads, time, headDim]</param>
    /// <param name="v">[batch, kvHeads, time, headDim]</param>
    /// <returns>[batch, time, heads·headDim]</returns>
    public static Tensor Attend(Tensor q, Tensor k, Tensor v, ForwardContext ctx, int layer, int rotaryDim)
    {
        using var scope = NewDisposeScope();
        if (rotaryDim > 0)
        {
            q = RotaryEmbedding.Apply(q, ctx.Cos!, ctx.Sin!, rotaryDim);
            k = RotaryEmbedding.Apply(k, ctx.Cos!, ctx.Sin!, rotaryDim);
        }
        if (ctx.Cache is not null) (k, v) = ctx.Cache.Append(layer, k, v);
        long groups = q.shape[1] / k.shape[1];
        if (groups > 1)
        {
            k = k.repeat_interleave(groups, dim: 1);
            v = v.repeat_interleave(groups, dim: 1);
        }
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, ctx.Mask, 0.0, ctx.Mask is null);
        long batch = q.shape[0], time = q.shape[2];
        return attended.transpose(1, 2).reshape(batch, time, -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The mask for queries at positions offset..offset+queries-1 over keys 0..offset+queries-1, or
    /// null when plain top-left causal masking is already right (no cached prefix, no window).
    /// </summary>
    public static Tensor? MaskFor(long offset, long queries, int? slidingWindow, Device device)
    {
        long keys = offset + queries;
        if (offset == 0 && (slidingWindow is null || slidingWindow >= keys)) return null;
        using var scope = NewDisposeScope();
        var qPos = arange(offset, keys, dtype: ScalarType.Int64, device: device).unsqueeze(1);
        var kPos = arange(0, keys, dtype: ScalarType.Int64, device: device).unsqueeze(0);
        var allowed = kPos <= qPos;
        if (slidingWindow is int w) allowed = allowed & (kPos > qPos - w);
        return allowed.MoveToOuterDisposeScope();
    }
}
