using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// Keys and values of the tokens seen so far, per layer, so generation feeds one new token at a
/// time. Owns its tensors: dispose it when the sequence is done.
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly Tensor?[] keys;
    readonly Tensor?[] values;

    public KvCache(int layers)
    {
        keys = new Tensor?[layers];
        values = new Tensor?[layers];
    }

    /// <summary>Number of positions already cached (the position of the next token).</summary>
    public long Length => keys[0]?.shape[2] ?? 0;

    /// <summary>Appends this step's k/v [batch, kvHeads, time, headDim] and returns the full history.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        keys[layer] = Replace(keys[layer], k);
        values[layer] = Replace(values[layer], v);
        return (keys[layer]!, values[layer]!);
    }

    static Tensor Replace(Tensor? old, Tensor step)
    {
        var updated = old is null ? step.detach().clone() : cat([old, step], 2);
        updated.DetachFromDisposeScope();
        old?.Dispose();
        return updated;
    }

    public void Dispose()
    {
        foreach (var t in keys.Concat(values)) t?.Dispose();
    }
}
