using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>The mask a saved pruned model carries: its zeros, per selected linear, checked against the model it will be applied to.</summary>
public static class SavedMask
{
    /// <returns>Linear name → mask (true = zero), on <paramref name="device"/>.</returns>
    public static Dictionary<string, Tensor> Read(string prunedDirectory, CausalLM model, LinearSelection selection, Device device)
    {
        using var pruned = CausalLM.Load(prunedDirectory, device);
        var saved = selection.In(pruned).ToDictionary(t => t.Name, t => t.Linear);
        var masks = new Dictionary<string, Tensor>();
        using var _ = no_grad();
        foreach (var (name, linear) in selection.In(model))
        {
            if (!saved.TryGetValue(name, out var source))
                throw SharpPruneException.InFile(prunedDirectory, $"has no linear '{name}' (it is not the same architecture as the model)");
            if (!source.weight!.shape.SequenceEqual(linear.weight!.shape))
                throw SharpPruneException.InFile(prunedDirectory, $"'{name}' has shape [{string.Join(", ", source.weight!.shape)}], the model's is [{string.Join(", ", linear.weight!.shape)}]");
            masks[name] = (source.weight! == 0).DetachFromDisposeScope();
        }
        return masks;
    }
}
