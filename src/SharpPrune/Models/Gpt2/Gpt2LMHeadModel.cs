using static TorchSharp.torch;

namespace SharpPrune.Models.Gpt2;

/// <summary>GPT2LMHeadModel; the LM head is always the token embedding.</summary>
public sealed class Gpt2LMHeadModel : CausalLM
{
    public readonly Gpt2Model transformer;

    public Gpt2LMHeadModel(ModelConfig c) : base(nameof(Gpt2LMHeadModel), c)
    {
        transformer = new Gpt2Model(c);
        RegisterComponents();
    }

    public override IReadOnlyList<DecoderLayer> Layers => transformer.h.ToArray();

    public override string LayerPrefix(int index) => $"transformer.h.{index}.";

    public override Tensor Embed(Tensor ids, ForwardContext ctx)
    {
        using var scope = NewDisposeScope();
        var positions = arange(ctx.PositionOffset, ctx.PositionOffset + ids.shape[1], dtype: ScalarType.Int64, device: ids.device);
        return (transformer.wte.forward(ids) + transformer.wpe.forward(positions)).MoveToOuterDisposeScope();
    }

    public override Tensor Head(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return transformer.ln_f.forward(hidden).matmul(transformer.wte.weight!.t()).MoveToOuterDisposeScope();
    }

    /// <summary>GPT-2 stores its linear weights as Conv1D [in, out]; we hold them as [out, in].</summary>
    public override bool StoredTransposed(string parameterName) =>
        parameterName.EndsWith(".weight") && (parameterName.Contains(".attn.c_") || parameterName.Contains(".mlp.c_"));
}
