using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.Attribution;

/// <summary>
/// Signed attributions Attr[t, k] of F = log p(target | prompt) to each unit k of an <see cref="AttributionSite"/>
/// (FFN neuron or attention head) at each read position t, in float64 on the CPU. A head's attribution is the sum of
/// its coordinates'. Position reduction and averaging over examples are the caller's.
/// </summary>
public static class UnitAttribution
{
    /// <summary>
    /// a · ∂F/∂a for every site and layer at once: one forward and one backward. Per site, per layer [time, units].
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Tensor>> ActivationTimesGradient(CausalLM model, TargetSequence target,
        IReadOnlyList<AttributionSite> sites)
    {
        var layers = model.Layers;
        var captured = sites.Select(_ => new Tensor[layers.Count]).ToArray();
        var hooks = new List<ActivationHooks>();
        try
        {
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            // The activations stay in the graph (not detached) so each one's gradient includes the paths through later
            // sites; they leave the module's dispose scope so their handles outlive its forward.
            for (int s = 0; s < sites.Count; s++)
            {
                var bySite = captured[s];
                hooks.Add(new ActivationHooks(model, sites[s], layer => a => bySite[layer] = a.DetachFromDisposeScope()));
            }
            var f = target.LogProb(model.forward(target.Inputs(model.Device))).sum();
            var gradients = autograd.grad([f], captured.SelectMany(c => c).ToArray());
            return sites.Select((site, s) => (IReadOnlyList<Tensor>)Enumerable.Range(0, layers.Count).Select(i =>
                site.PerUnit((captured[s][i].detach() * gradients[s * layers.Count + i])[0].to(ScalarType.Float64).cpu(), layers[i])
                    .MoveToOuterDisposeScope()).ToList()).ToList();
        }
        finally
        {
            foreach (var h in hooks) h.Dispose();
            foreach (var a in captured.SelectMany(c => c)) a?.Dispose();
        }
    }

    /// <summary>
    /// Integrated gradients with a zero baseline for one site of one layer: a · (1/m)·Σ_{t=1..m} ∂F(t/m·a)/∂a, the m
    /// scaled copies run as batch rows, <paramref name="stepsPerBatch"/> at a time. [time, units].
    /// </summary>
    public static Tensor IntegratedGradients(CausalLM model, TargetSequence target, AttributionSite site, int layer, int steps,
        int stepsPerBatch)
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
            using (new ActivationHooks(model, site, i => i != layer ? null : a =>
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
        var result = site.PerUnit(activation! * gradientSum! / steps, model.Layers[layer]).MoveToOuterDisposeScope();
        activation!.Dispose();
        gradientSum!.Dispose();
        return result;
    }

    /// <summary>
    /// Per site, per layer [units]: |a| averaged over read positions (summed over a head's coordinates) — the
    /// activation-magnitude baseline.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Tensor>> MeanAbsoluteActivations(CausalLM model, TargetSequence target,
        IReadOnlyList<AttributionSite> sites)
    {
        var layers = model.Layers;
        var means = sites.Select(_ => new Tensor[layers.Count]).ToArray();
        var hooks = new List<ActivationHooks>();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            for (int s = 0; s < sites.Count; s++)
            {
                var (site, bySite) = (sites[s], means[s]);
                hooks.Add(new ActivationHooks(model, site, layer => a =>
                {
                    var magnitudes = a[0].abs().to(ScalarType.Float64).cpu();
                    bySite[layer] = site.PerUnit(magnitudes, layers[layer]).mean([0]).DetachFromDisposeScope();
                    return a;
                }));
            }
            model.forward(target.Inputs(model.Device));
        }
        finally
        {
            foreach (var h in hooks) h.Dispose();
        }
        return means;
    }
}
