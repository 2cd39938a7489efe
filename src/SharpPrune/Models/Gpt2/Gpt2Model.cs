using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models.Gpt2;

/// <summary>The "transformer." part of a GPT-2 checkpoint: token and learned position embeddings, blocks, ln_f.</summary>
public sealed class Gpt2Model : nn.Module
{
    public readonly Embedding wte, wpe;
    public readonly ModuleList<Gpt2Block> h;
    public readonly LayerNorm ln_f;

    public Gpt2Model(ModelConfig c) : base(nameof(Gpt2Model))
    {
        wte = EmbeddingTable.Create(c.VocabSize, c.HiddenSize);
        wpe = EmbeddingTable.Create(c.MaxPositions, c.HiddenSize);
        h = nn.ModuleList(Enumerable.Range(0, c.NumLayers).Select(i => new Gpt2Block(c, i)).ToArray());
        ln_f = nn.LayerNorm(c.HiddenSize, c.NormEps);
        RegisterComponents();
    }
}
