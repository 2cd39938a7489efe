using SharpPrune.IO;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter; the update of torch.optim.AdamW) with its state as named tensors, so a checkpoint
/// stores it as safetensors beside the weights. Weight decay applies to matrices only, not to norms and biases.
/// </summary>
public sealed class AdamW : IDisposable
{
    readonly List<(string Name, Parameter Parameter, Tensor Mean, Tensor Square)> slots;
    readonly double beta1, beta2, epsilon, weightDecay;

    public AdamW(IEnumerable<(string Name, Parameter Parameter)> parameters, double weightDecay, double beta1 = 0.9, double beta2 = 0.95, double epsilon = 1e-8)
    {
        slots = parameters.Select(p => (p.Name, p.Parameter,
            zeros_like(p.Parameter).DetachFromDisposeScope(), zeros_like(p.Parameter).DetachFromDisposeScope())).ToList();
        (this.weightDecay, this.beta1, this.beta2, this.epsilon) = (weightDecay, beta1, beta2, epsilon);
    }

    /// <summary>Updates taken so far (the bias corrections depend on it).</summary>
    public int Steps { get; private set; }

    /// <summary>One update from the parameters' gradients multiplied by <paramref name="gradientScale"/> (clipping).</summary>
    public void Step(double learningRate, double gradientScale)
    {
        Steps++;
        double correction1 = 1 - Math.Pow(beta1, Steps), correction2 = 1 - Math.Pow(beta2, Steps);
        using var noGrad = no_grad();
        foreach (var (_, parameter, mean, square) in slots)
        {
            if (parameter.grad is not { } raw) continue;
            using var scope = NewDisposeScope();
            var gradient = raw * gradientScale;
            mean.mul_(beta1).add_(gradient, alpha: 1 - beta1);
            square.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
            if (parameter.dim() >= 2 && weightDecay > 0) parameter.mul_(1 - learningRate * weightDecay);
            var denominator = (square / correction2).sqrt_().add_(epsilon);
            parameter.addcdiv_(mean, denominator, value: -learningRate / correction1);
        }
    }

    public void Save(string path) =>
        SafetensorsWriter.Write(path,
            slots.SelectMany(s => new[] { ("exp_avg." + s.Name, s.Mean), ("exp_avg_sq." + s.Name, s.Square) }).ToList(),
            new Dictionary<string, string> { ["steps"] = Steps.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public void Load(string path)
    {
        using var file = SafetensorsFile.Open(path);
        using var noGrad = no_grad();
        foreach (var (name, _, mean, square) in slots)
        {
            foreach (var (key, target) in new[] { ("exp_avg." + name, mean), ("exp_avg_sq." + name, square) })
            {
                if (!file.Contains(key)) throw SharpPruneException.InFile(path, $"optimizer state has no tensor {key}");
                using var value = file.Read(key);
                if (!value.shape.SequenceEqual(target.shape)) throw SharpPruneException.InFile(path, $"{key} has shape [{string.Join(", ", value.shape)}], the model [{string.Join(", ", target.shape)}]");
                target.copy_(value);
            }
        }
        Steps = file.Metadata.TryGetValue("steps", out var steps) && int.TryParse(steps, out int n) ? n
            : throw SharpPruneException.InFile(path, "optimizer state has no 'steps' metadata");
    }

    public void Dispose()
    {
        foreach (var (_, _, mean, square) in slots) { mean.Dispose(); square.Dispose(); }
    }
}
