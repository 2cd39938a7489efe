using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.GptNeoX;

/// <summary>The "gpt_neox." part of a Pythia checkpoint.</summary>
public sealed class GptNeoXModel : nn.Module
{
    public readonly Embedding embed_in;
    public readonly ModuleList<GptNeoXLayer> layers;
    public readonly LayerNorm final_layer_norm;

    public GptNeoXModel(ModelConfig c) : base(nameof(GptNeoXModel))
    {
        embed_in = EmbeddingTable.Create(c.VocabSize, c.HiddenSize);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumLayers).Select(i => new GptNeoXLayer(c, i)).ToArray());
        final_layer_norm = nn.LayerNorm(c.HiddenSize, c.NormEps);
        RegisterComponents();
    }
}
