using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// A layer's attention seen as its heads, grouped by KV head (see <see cref="HeadGroups"/>): group g is its KV head's
/// k and v rows, its query heads' q rows, and those query heads' columns of the output projection. Structured pruning
/// and attribution work on this view for every family. The counts follow the weights, so removal needs no other update.
/// </summary>
public interface IAttentionHeads
{
    int HeadDim { get; }

    /// <summary>Query heads (the output projection's input columns / <see cref="HeadDim"/>).</summary>
    int Heads { get; }

    /// <summary>KV heads, i.e. groups; equal to <see cref="Heads"/> for multi-head attention.</summary>
    int KvHeads { get; }

    /// <summary>The linears whose output rows are the heads' q, k and v (one fused linear for GPT-NeoX and GPT-2).</summary>
    IReadOnlyList<Linear> Inputs { get; }

    /// <summary>Per linear of <see cref="Inputs"/>, the output rows that belong to <paramref name="groups"/>, in order.</summary>
    IReadOnlyList<long[]> InputRows(IReadOnlyList<long> groups);

    /// <summary>The output projection (o_proj, dense, c_proj); its input columns are the query heads, head after head.</summary>
    Linear Output { get; }

    /// <summary>
    /// Applied to the head outputs [batch, time, heads·headDim] just before the output projection; null = identity.
    /// Attribution reads and scales them through it.
    /// </summary>
    Func<Tensor, Tensor>? OutputTransform { get; set; }
}
