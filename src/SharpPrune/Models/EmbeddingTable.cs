using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>The families' token and position embeddings, built so that a model constructed on the meta device allocates nothing.</summary>
internal static class EmbeddingTable
{
    /// <summary>
    /// An embedding of <paramref name="count"/> rows of <paramref name="dimension"/>. TorchSharp's Embedding is libtorch's native
    /// module, which creates and normal-initialises its weight on the CPU whatever the default device, and that memory stays
    /// with the native module after the weight is moved to the meta device: a streamed 7B load held 0.52 GB (its 32000 × 4096
    /// float32 table) before reading any weight (measured, bench/RESULTS.md, h16d). On the meta device (a stored-dtype or
    /// streamed load) the module is built with one element and given a meta weight of the full shape, which the load replaces.
    /// </summary>
    public static Embedding Create(long count, long dimension)
    {
        if (get_default_device().type != DeviceType.META) return nn.Embedding(count, dimension);
        var embedding = nn.Embedding(1, 1);
        embedding.weight = new Parameter(empty([count, dimension], ScalarType.Float32, META));
        return embedding;
    }
}
