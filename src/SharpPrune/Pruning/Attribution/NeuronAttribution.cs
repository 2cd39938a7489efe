using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Signed attributions Attr[t, k] of F = log p(target | prompt) to each FFN neuron k at each read position t,
/// in float64 on the CPU. Position reduction and averaging over examples are the caller's.
/// </summary>
public static class NeuronAttribution
{
    /// <summary>a · ∂F/∂a for every layer at once: one forward and one backward. Per layer [time, width].</summary>
    public static IReadOnlyList<Tensor> ActivationTimesGradient(CausalLM model, TargetSequence target)
    {
        var captured = new Tensor[model.Layers.Count];
        try
        {
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            // The activations stay in the graph (not detached) so each layer's gradient includes the paths through
            // later layers' MLPs; they leave the MLP's dispose scope so their handles outlive its forward.
            using (new FeedForwardHooks(model, layer => a => captured[layer] = a.DetachFromDisposeScope()))
            {
                var f = target.LogProb(model.forward(target.Inputs(model.Device))).sum();
                var gradients = autograd.grad([f], captured);
                return captured.Zip(gradients, (a, g) => (a.detach() * g)[0].to(ScalarType.Float64).cpu().MoveToOuterDisposeScope()).ToList();
            }
        }
        finally
        {
            foreach (var a in captured) a?.Dispose();
        }
    }

    /// <summary>
    /// Integrated gradients with a zero baseline for one layer: a · (1/m)·Σ_{t=1..m} ∂F(t/m·a)/∂a, the m scaled copies
    /// run as batch rows, <paramref name="stepsPerBatch"/> at a time. [time, width].
    /// </summary>
    public static Tensor IntegratedGradients(CausalLM model, TargetSequence target, int layer, int steps, int stepsPerBatch)
    {
        if (steps < 1) throw new SharpPruneException("integrated gradients need at least one step");
        using var scope = NewDisposeScope();
        Tensor? activation = null, gradientSum = null;
        for (int first = 1; first <= steps; first += stepsPerBatch)
        {
            int rows = Math.Min(stepsPerBatch, steps - first + 1);
            using var batchScope = NewDisposeScope();
            using var grad = enable_grad();
            var alphas = arange(first, first + rows, dtype: ScalarType.Float64, device: model.Device) / steps;
            Tensor? scaled = null;
            // The scaled activations are a leaf: only this layer's gradient is wanted, so the graph below may be cut.
            using (new FeedForwardHooks(model, i => i != layer ? null : a =>
                   {
                       activation ??= a[0].detach().to(ScalarType.Float64).cpu().DetachFromDisposeScope();
                       scaled = (a.detach() * alphas.to(a.dtype).view(-1, 1, 1)).requires_grad_(true).DetachFromDisposeScope();
                       return scaled;
                   }))
            {
                var f = target.LogProb(model.forward(target.Inputs(model.Device, rows))).sum();
                var g = autograd.grad([f], [scaled!])[0].sum(dim: 0).to(ScalarType.Float64).cpu();
                gradientSum = gradientSum is null ? g.DetachFromDisposeScope() : gradientSum.add_(g);
                scaled!.Dispose();
            }
        }
        var result = (activation! * gradientSum! / steps).MoveToOuterDisposeScope();
        activation!.Dispose();
        gradientSum!.Dispose();
        return result;
    }

    /// <summary>|a| averaged over read positions, per layer [width]: the activation-magnitude baseline.</summary>
    public static IReadOnlyList<Tensor> MeanAbsoluteActivations(CausalLM model, TargetSequence target)
    {
        var means = new Tensor[model.Layers.Count];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using (new FeedForwardHooks(model, layer => a =>
               {
                   means[layer] = a[0].abs().mean([0]).to(ScalarType.Float64).cpu().DetachFromDisposeScope();
                   return a;
               }))
            model.forward(target.Inputs(model.Device));
        return means;
    }
}
