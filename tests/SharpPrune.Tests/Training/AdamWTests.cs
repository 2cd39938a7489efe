using SharpPrune.Training;
using Parameter = TorchSharp.Modules.Parameter;
using Xunit;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Training;

public class AdamWTests
{
    [Fact]
    public void TwoStepsMatchTheUpdateComputedByHand()
    {
        double[] w0 = [0.5, -1.0, 2.0, 0.0], g1 = [0.1, -0.3, 0.0, 2.0], g2 = [-0.2, 0.1, 0.4, 1.0];
        var matrix = new Parameter(tensor(w0, ScalarType.Float64).view(2, 2));
        var bias = new Parameter(tensor(w0, ScalarType.Float64));
        using var optimizer = new AdamW([("w", matrix), ("b", bias)], weightDecay: 0.1, beta1: 0.9, beta2: 0.95, epsilon: 1e-8);
        const double lr = 0.01, scale = 0.5;
        foreach (var g in new[] { g1, g2 })
        {
            matrix.grad = tensor(g, ScalarType.Float64).view(2, 2);
            bias.grad = tensor(g, ScalarType.Float64);
            optimizer.Step(lr, scale);
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(Expected(w0[i], [g1[i] * scale, g2[i] * scale], lr, decay: 0.1), matrix.view(-1)[i].item<double>(), 12);
            Assert.Equal(Expected(w0[i], [g1[i] * scale, g2[i] * scale], lr, decay: 0), bias[i].item<double>(), 12);
        }
    }

    static double Expected(double w, double[] gradients, double lr, double decay)
    {
        double m = 0, v = 0;
        for (int t = 1; t <= gradients.Length; t++)
        {
            double g = gradients[t - 1];
            m = 0.9 * m + 0.1 * g;
            v = 0.95 * v + 0.05 * g * g;
            w *= 1 - lr * decay;
            w -= lr * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.95, t))) + 1e-8);
        }
        return w;
    }

    [Fact]
    public void StateSavedAndLoadedContinuesIdentically()
    {
        using var folder = new Text.TempFolder();
        var a = new Parameter(tensor(new[] { 1.0f, 2.0f }));
        var b = new Parameter(tensor(new[] { 1.0f, 2.0f }));
        using var first = new AdamW([("p", a)], 0);
        a.grad = tensor(new[] { 0.3f, -0.1f });
        first.Step(0.1, 1);
        first.Save(Path.Combine(folder.Path, "opt.safetensors"));
        using var second = new AdamW([("p", b)], 0);
        second.Load(Path.Combine(folder.Path, "opt.safetensors"));
        using (no_grad()) b.copy_(a);

        a.grad = tensor(new[] { -0.2f, 0.5f });
        b.grad = tensor(new[] { -0.2f, 0.5f });
        first.Step(0.1, 1);
        second.Step(0.1, 1);

        Assert.Equal(2, second.Steps);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
    }

    [Fact]
    public void CosineScheduleWarmsUpThenDecaysToTheFloor()
    {
        var schedule = new CosineSchedule(Peak: 1.0, TotalSteps: 110, WarmupSteps: 10, MinRatio: 0.1);

        Assert.Equal(0.1, schedule.At(0), 12);
        Assert.Equal(1.0, schedule.At(9), 12);
        Assert.Equal(1.0, schedule.At(10), 12);
        Assert.Equal(0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * 50 / 99)), schedule.At(60), 12);
        Assert.Equal(0.1, schedule.At(109), 12);
    }
}
