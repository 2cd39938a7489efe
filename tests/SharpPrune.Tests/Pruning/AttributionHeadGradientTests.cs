using SharpPrune.Models;
using SharpPrune.Pruning.Attribution;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>Head attributions against their definition, in float64 on tiny random models of every family.</summary>
public sealed class AttributionHeadGradientTests
{
    static readonly TargetSequence Target = new([1, 17, 40, 99, 7], [230, 12, 5]);

    static CausalLM Model(string family)
    {
        var model = CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 2), seed: 3, std: 0.3);
        model.to(ScalarType.Float64);
        return model;
    }

    /// <summary>F with <paramref name="transform"/> applied to layer <paramref name="layer"/>'s head outputs.</summary>
    static double F(CausalLM model, int layer, Func<Tensor, Tensor> transform)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var hooks = new ActivationHooks(model, AttributionSite.Heads, i => i == layer ? transform : null);
        return Target.LogProb(model.forward(Target.Inputs(model.Device))).item<double>();
    }

    /// <summary>
    /// (F(head scaled by 1 + ε) − F(head scaled by 1 − ε)) / 2ε = Σ over the head's coordinates of a·∂F/∂a: at one
    /// position, or at all (<paramref name="position"/> = −1), where it is the sum of the per-position attributions.
    /// </summary>
    [Theory]
    [InlineData("llama", 0, 4, 1)]
    [InlineData("llama", 1, 6, 7)]
    [InlineData("llama", 0, -1, 5)]
    [InlineData("gpt_neox", 0, 3, 2)]
    [InlineData("gpt_neox", 1, -1, 0)]
    [InlineData("gpt2", 0, 5, 3)]
    [InlineData("gpt2", 1, -1, 1)]
    public void HeadAttributionIsTheDerivativeOfScalingThatHeadsOutput(string family, int layer, int position, int head)
    {
        using var model = Model(family);
        var attention = model.Layers[layer].Attention;
        var attributions = UnitAttribution.ActivationTimesGradient(model, Target, [AttributionSite.Heads])[0];
        Assert.Equal(new long[] { Target.Length, attention.Heads }, attributions[layer].shape);

        const double eps = 1e-5;
        Tensor Scale(double factor)
        {
            var scale = ones([1, Target.Length, attention.Heads * attention.HeadDim], ScalarType.Float64);
            var positions = position < 0 ? scale : scale.narrow(1, position, 1);
            positions.narrow(2, head * attention.HeadDim, attention.HeadDim).fill_(factor);
            return scale;
        }
        using var up = Scale(1 + eps);
        using var down = Scale(1 - eps);
        double expected = (F(model, layer, a => a * up) - F(model, layer, a => a * down)) / (2 * eps);
        var column = attributions[layer].select(1, head);
        double actual = (position < 0 ? column.sum() : column[position]).item<double>();
        Assert.True(Math.Abs(expected) > 1e-8, "the checked attribution should not be trivially zero");
        Assert.Equal(expected, actual, Math.Abs(expected) * 1e-5);
    }

    [Fact]
    public void NeuronsAndHeadsFromOneBackwardEqualEachAlone()
    {
        using var model = Model("llama");
        var both = UnitAttribution.ActivationTimesGradient(model, Target, [AttributionSite.Neurons, AttributionSite.Heads]);
        var neurons = UnitAttribution.ActivationTimesGradient(model, Target, [AttributionSite.Neurons])[0];
        var heads = UnitAttribution.ActivationTimesGradient(model, Target, [AttributionSite.Heads])[0];
        for (int i = 0; i < model.Layers.Count; i++)
        {
            Assert.True(allclose(both[0][i], neurons[i], rtol: 1e-12, atol: 1e-14));
            Assert.True(allclose(both[1][i], heads[i], rtol: 1e-12, atol: 1e-14));
        }
    }

    [Fact]
    public void OneIntegratedGradientStepIsActivationTimesGradient()
    {
        using var model = Model("gpt_neox");
        var product = UnitAttribution.ActivationTimesGradient(model, Target, [AttributionSite.Heads])[0];
        using var ig = UnitAttribution.IntegratedGradients(model, Target, AttributionSite.Heads, 1, steps: 1, stepsPerBatch: 1);
        Assert.True(allclose(ig, product[1], rtol: 1e-10, atol: 1e-12));
    }
}
