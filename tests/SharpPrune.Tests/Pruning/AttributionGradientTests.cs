using SharpPrune.Models;
using SharpPrune.Pruning.Attribution;
using TorchSharp;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

/// <summary>The attributions against their definitions, in float64 on a tiny random Llama.</summary>
public sealed class AttributionGradientTests : IDisposable
{
    readonly CausalLM model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3, std: 0.3);
    readonly TargetSequence target = new([1, 17, 40, 99, 7], [230, 12, 5]);

    public AttributionGradientTests() => model.to(ScalarType.Float64);

    public void Dispose() => model.Dispose();

    /// <summary>F with <paramref name="transform"/> applied to layer <paramref name="layer"/>'s activations.</summary>
    double F(int layer, Func<Tensor, Tensor> transform)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var hooks = new ActivationHooks(model, AttributionSite.Neurons, i => i == layer ? transform : null);
        return target.LogProb(model.forward(target.Inputs(model.Device))).item<double>();
    }

    [Theory]
    [InlineData(0, 0, 3)]
    [InlineData(0, 4, 17)]
    [InlineData(1, 5, 40)]
    [InlineData(1, 6, 0)]
    public void ActivationTimesGradientMatchesACentralFiniteDifference(int layer, int position, int unit)
    {
        var attributions = UnitAttribution.ActivationTimesGradient(model, target, [AttributionSite.Neurons])[0];
        Assert.Equal(new long[] { target.Length, 48 }, attributions[layer].shape);
        double activation = 0;
        F(layer, a =>
        {
            activation = a[0, position, unit].item<double>();
            return a;
        });
        const double h = 1e-5;
        using var oneHot = zeros([1, target.Length, 48], ScalarType.Float64);
        oneHot[0, position, unit] = tensor(1.0, ScalarType.Float64);
        double derivative = (F(layer, a => a + h * oneHot) - F(layer, a => a - h * oneHot)) / (2 * h);
        double expected = activation * derivative, actual = attributions[layer][position, unit].item<double>();
        Assert.True(Math.Abs(expected) > 1e-8, "the checked attribution should not be trivially zero");
        Assert.Equal(expected, actual, Math.Abs(expected) * 1e-5);
    }

    [Fact]
    public void TheLastLayerIsCreditedOnlyAtPositionsThatPredictTargetTokens()
    {
        // In the last layer a position's activations reach only its own logits, and only the prompt's last position
        // onward predicts target tokens.
        var last = UnitAttribution.ActivationTimesGradient(model, target, [AttributionSite.Neurons])[0][^1];
        int first = target.Prompt.Count - 1;
        Assert.Equal(0.0, last.narrow(0, 0, first).abs().max().item<double>());
        Assert.True(last.narrow(0, first, target.Length - first).abs().max().item<double>() > 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void IntegratedGradientsAreCompleteUpToRiemannError(int layer)
    {
        double gap = F(layer, a => a) - F(layer, a => zeros_like(a));
        double Error(int steps)
        {
            using var ig = UnitAttribution.IntegratedGradients(model, target, AttributionSite.Neurons, layer, steps, stepsPerBatch: 32);
            return Math.Abs(ig.sum().item<double>() - gap);
        }
        double coarse = Error(20), fine = Error(200);
        Assert.True(Math.Abs(gap) > 1e-3, $"F(a) − F(0) = {gap} is too small to test completeness");
        Assert.True(fine < 0.02 * Math.Abs(gap), $"m = 200 leaves {fine} of {gap}");
        Assert.True(fine < coarse / 4, $"error {fine} at m = 200 should be far below {coarse} at m = 20");
    }

    [Fact]
    public void OneIntegratedGradientStepIsActivationTimesGradient()
    {
        var product = UnitAttribution.ActivationTimesGradient(model, target, [AttributionSite.Neurons])[0];
        using var ig = UnitAttribution.IntegratedGradients(model, target, AttributionSite.Neurons, 1, steps: 1, stepsPerBatch: 1);
        Assert.True(allclose(ig, product[1], rtol: 1e-10, atol: 1e-12));
    }
}
