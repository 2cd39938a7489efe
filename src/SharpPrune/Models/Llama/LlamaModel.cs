using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Llama;

/// <summary>The "model." part of a Llama checkpoint: embeddings, blocks, final norm.</summary>
public sealed class LlamaModel : nn.Module
{
    public readonly Embedding embed_tokens;
    public readonly ModuleList<LlamaDecoderLayer> layers;
    public readonly RmsNorm norm;

    public LlamaModel(ModelConfig c) : base(nameof(LlamaModel))
    {
        embed_tokens = EmbeddingTable.Create(c.VocabSize, c.HiddenSize);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumLayers).Select(i => new LlamaDecoderLayer(c, i)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.NormEps);
        RegisterComponents();
    }
}
