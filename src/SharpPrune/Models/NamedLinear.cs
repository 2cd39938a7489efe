using TorchSharp.Modules;

namespace SharpPrune.Models;

/// <summary>
/// A decoder-layer linear with its identity, made once by <see cref="CausalLM.NamedLinears"/>: its layer, its module name
/// as globs and reports see it ("model.layers.3.mlp.down_proj") and its weight's tensor name, as in the checkpoint and
/// the importance files ("model.layers.3.mlp.down_proj.weight").
/// </summary>
public sealed record NamedLinear(int Layer, string Name, Linear Linear)
{
    public string WeightName => Name + ".weight";

    /// <summary>(name, linear), as the walker and the methods take their targets.</summary>
    public void Deconstruct(out string name, out Linear linear) => (name, linear) = (Name, Linear);
}
