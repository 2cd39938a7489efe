using System.Diagnostics;
using SharpPrune.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Training;

/// <summary>
/// Next-token training with AdamW, warm-up + cosine schedule, gradient accumulation and global-norm clipping,
/// checkpointing every <c>CheckpointEvery</c> steps so an interrupted run resumes where the last checkpoint left it
/// and ends with the same weights as an uninterrupted one.
/// </summary>
public sealed class Trainer
{
    readonly CausalLM model;
    readonly TokenWindows data;
    readonly TrainingOptions options;
    readonly List<(string Name, Parameter Parameter)> parameters;
    readonly Dictionary<string, Tensor> masks;

    public Trainer(CausalLM model, TokenWindows data, TrainingOptions options)
    {
        (this.model, this.data, this.options) = (model, data, options);
        parameters = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        masks = options.KeepMasks ? Masks(model) : [];
    }

    /// <summary>Called after each optimizer step.</summary>
    public Action<TrainingStep>? OnStep { get; init; }

    /// <summary>
    /// Trains from <paramref name="firstStep"/> (0, or a checkpoint's step with the optimizer state loaded) to the
    /// last step, calling <paramref name="checkpoint"/> every <c>CheckpointEvery</c> steps and once more when
    /// cancelled. Returns whether all steps ran.
    /// </summary>
    public bool Run(AdamW optimizer, int firstStep, Action<int> checkpoint, CancellationToken cancel)
    {
        var schedule = options.Schedule;
        long tokensPerStep = (long)options.BatchSize * options.Accumulate * options.SeqLen;
        model.train();
        try
        {
            for (int step = firstStep; step < options.Steps; step++)
            {
                if (cancel.IsCancellationRequested)
                {
                    checkpoint(step);
                    return false;
                }
                var watch = Stopwatch.StartNew();
                double lr = schedule.At(step);
                var (loss, norm) = Step(optimizer, step, lr);
                OnStep?.Invoke(new TrainingStep(step + 1, options.Steps, loss, norm, lr, tokensPerStep, tokensPerStep / watch.Elapsed.TotalSeconds));
                if ((step + 1) % options.CheckpointEvery == 0 && step + 1 < options.Steps) checkpoint(step + 1);
            }
            return true;
        }
        finally
        {
            model.eval();
        }
    }

    (double Loss, double Norm) Step(AdamW optimizer, int step, double lr)
    {
        double loss = 0;
        for (int micro = 0; micro < options.Accumulate; micro++)
        {
            using var scope = NewDisposeScope();
            long first = ((long)step * options.Accumulate + micro) * options.BatchSize;
            var (ids, lossMask) = data.Batch(first, options.BatchSize);
            ids = ids.to(model.Device);
            var logits = model.forward(ids.narrow(1, 0, options.SeqLen));
            var microLoss = MaskedLoss(logits, ids.narrow(1, 1, options.SeqLen), lossMask.to(model.Device));
            (microLoss / options.Accumulate).backward();
            loss += microLoss.to_type(ScalarType.Float64).item<double>() / options.Accumulate;
        }
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            foreach (var (name, parameter) in parameters)
                if (masks.TryGetValue(name, out var mask) && parameter.grad is { } grad) grad.mul_(mask);
            double norm = Math.Sqrt(parameters.Where(p => p.Parameter.grad is not null)
                .Sum(p => p.Parameter.grad!.Squared().sum().to_type(ScalarType.Float64).item<double>()));
            if (!double.IsFinite(loss) || !double.IsFinite(norm))
                throw new SharpPruneException($"training step {step + 1}: the {(double.IsFinite(loss) ? "gradient norm" : "loss")} is not finite; lower --lr or check the input model ({FirstNonFinite()})");
            optimizer.Step(lr, Math.Min(1.0, options.ClipNorm / (norm + 1e-6)));
            foreach (var (_, parameter) in parameters) parameter.grad?.zero_();
            return (loss, norm);
        }
    }

    /// <summary>
    /// Mean next-token cross-entropy over the positions where <paramref name="lossMask"/> is true. The other targets are
    /// replaced by the ignored index, so they add exactly nothing to the loss or its gradient; a batch with no trained
    /// position gives 0 with a zero gradient rather than the NaN of an empty mean.
    /// </summary>
    public static Tensor MaskedLoss(Tensor logits, Tensor targets, Tensor lossMask)
    {
        var ignored = targets.masked_fill(lossMask.logical_not(), IgnoredTarget).reshape(-1);
        var sum = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), ignored, ignore_index: IgnoredTarget, reduction: nn.Reduction.Sum);
        return sum / Math.Max(1L, lossMask.sum().item<long>());
    }

    const long IgnoredTarget = -100;

    string FirstNonFinite() =>
        parameters.FirstOrDefault(p => !p.Parameter.isfinite().all().item<bool>()) is { Name: { } weight } ? $"weight {weight} is not finite"
        : parameters.FirstOrDefault(p => p.Parameter.grad is { } g && !g.isfinite().all().item<bool>()) is { Name: { } gradient } ? $"gradient of {gradient} is not finite"
        : "weights and gradients are finite";

    /// <summary>1 where a decoder-layer matrix is nonzero: masking the gradient keeps AdamW's moments and so the weight at exactly zero.</summary>
    static Dictionary<string, Tensor> Masks(CausalLM model)
    {
        var linearWeights = model.Layers.SelectMany(l => l.Linears).Select(l => l.Linear.weight!).ToHashSet(ReferenceEqualityComparer.Instance);
        using var noGrad = no_grad();
        return model.named_parameters().Where(p => linearWeights.Contains(p.parameter))
            .ToDictionary(p => p.name, p => p.parameter.ne(0).to_type(p.parameter.dtype).DetachFromDisposeScope());
    }
}
