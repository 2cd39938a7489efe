using SharpPrune.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning.DPruner;

/// <summary>
/// D-Pruner stage 2: SGD on the domain loss, LOMO style (no optimizer state, every parameter
/// updated right after its gradient is known, gradient-norm clipping computed in a first pass),
/// with each prunable matrix's gradient refined by the general-importance regularizer and the
/// domain score S accumulated from the refined gradient. The trained weights are only a means:
/// the caller reloads the original weights and keeps S.
/// </summary>
public sealed class DomainImportanceTrainer
{
    readonly CausalLM model;
    readonly DPrunerOptions options;
    readonly IReadOnlyDictionary<string, Tensor> general;
    readonly List<(string Name, Linear Linear)> prunable;
    readonly bool separatePlain;

    public DomainImportanceTrainer(CausalLM model, DPrunerOptions options, IReadOnlyDictionary<string, Tensor> general,
        IReadOnlyList<(string Name, Linear Linear)> prunable)
    {
        (this.model, this.options, this.general, this.prunable) = (model, options, general, prunable.ToList());
        Score = prunable.ToDictionary(p => p.Name, p => zeros_like(p.Linear.weight!, dtype: ScalarType.Float32).DetachFromDisposeScope());
        // Without the regularizer the Taylor score of g′ is that of g: one accumulator serves both, one pass per step saved.
        separatePlain = options.StageTwoLambda != 0 || options.Scoring != DomainScoring.Taylor2;
        PlainScore = separatePlain
            ? prunable.ToDictionary(p => p.Name, p => zeros_like(p.Linear.weight!, dtype: ScalarType.Float32).DetachFromDisposeScope())
            : Score;
    }

    /// <summary>S: the domain score with the refined gradient (D-Pruner's importance).</summary>
    public Dictionary<string, Tensor> Score { get; }

    /// <summary>The same score from the unrefined gradient on the same run: the "domain only" importance, for mask analysis.</summary>
    public Dictionary<string, Tensor> PlainScore { get; }

    /// <summary>Called after each step with (step, total steps, loss, tokens in the step).</summary>
    public Action<int, int, double, long>? OnStep { get; init; }

    public int StepsPerEpoch(long examples) => (int)((examples + options.BatchSize - 1) / options.BatchSize);

    /// <summary>Runs epochs [firstEpoch, Epochs), calling <paramref name="afterEpoch"/> after each so a run can be resumed.</summary>
    public void Train(Tensor ids, Tensor targets, int firstEpoch, Action<int> afterEpoch)
    {
        long examples = ids.shape[0];
        int perEpoch = StepsPerEpoch(examples), total = perEpoch * options.Epochs;
        var schedule = new LinearSchedule(options.LearningRate, total, options.WarmupFraction);
        model.train();
        for (int epoch = firstEpoch; epoch < options.Epochs; epoch++)
        {
            var order = Permutation(examples, options.Seed + epoch);
            for (int b = 0; b < perEpoch; b++)
            {
                using var scope = NewDisposeScope();
                var rows = tensor(order.Skip(b * options.BatchSize).Take(options.BatchSize).ToArray());
                var batchIds = ids.index_select(0, rows).to(model.Device);
                var batchTargets = targets.index_select(0, rows).to(model.Device);
                int step = epoch * perEpoch + b;
                double loss = Step(batchIds, batchTargets, schedule.At(step), $"D-Pruner stage 2 step {step + 1} of {total}");
                OnStep?.Invoke(step + 1, total, loss, batchIds.numel());
            }
            afterEpoch(epoch);
        }
        model.eval();
    }

    /// <param name="where">"D-Pruner stage 2 step N of M", for errors: a diverging run stops at the step it diverged.</param>
    double Step(Tensor ids, Tensor targets, double lr, string where)
    {
        // Checkpointed: autograd holds one decoder layer's activations at a time, not the whole batch's stack.
        var loss = CheckpointedBackward.Run(model, ids, logits => NextTokenLoss(logits, targets));
        double lossValue = loss.to_type(ScalarType.Float64).item<double>();
        if (!double.IsFinite(lossValue))
            throw new SharpPruneException($"{where}: the domain loss is {lossValue} (the training diverged; try a lower --lr than {options.LearningRate})");
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
                if (p.grad is not null) FiniteCheck.Require(p.grad, $"{where}: the gradient of {name}");
            // Pass 1: refine the prunable gradients, score, and measure the global norm for clipping.
            foreach (var (name, linear) in prunable) Refine(name, linear.weight!, lr);
            var parameters = model.parameters().Where(p => p.grad is not null).ToList();
            double norm = Math.Sqrt(parameters.Sum(p => p.grad!.Squared().sum().to_type(ScalarType.Float64).item<double>()));
            double coefficient = Math.Min(1.0, options.ClipNorm / (norm + 1e-6));
            // Pass 2: apply the clipped update and drop the gradient; there is no optimizer state.
            foreach (var p in parameters)
            {
                p.add_(p.grad!, alpha: -lr * coefficient);
                p.grad!.zero_();
            }
        }
        return lossValue;
    }

    /// <summary>Mean cross-entropy of each position's logits against the next token's target (−100: no loss).</summary>
    static Tensor NextTokenLoss(Tensor logits, Tensor targets)
    {
        long time = logits.shape[1], vocab = logits.shape[2];
        return nn.functional.cross_entropy(
            logits.narrow(1, 0, time - 1).reshape(-1, vocab),
            targets.narrow(1, 1, time - 1).reshape(-1), ignore_index: -100);
    }

    /// <summary>g′ = g + λ·2·lr²·G⊙g²/1000 (the regularizer λ·Σ G(ΔW)² with ΔW ≈ lr·g, as released), then S += score(g′, W).</summary>
    void Refine(string name, Parameter weight, double lr)
    {
        using var scope = NewDisposeScope();
        var g = weight.grad!;
        var w = weight.detach();
        double lambda = options.StageTwoLambda;
        if (options.Scoring == DomainScoring.Reference)
        {
            // The released code accumulated S from fp16-scaled gradients; reproduce that scale explicitly.
            var scaled = g * options.ReferenceGradScale;
            var refinedScaled = scaled + lambda * 2 * lr * lr * general[name] * scaled.Squared() / 1000;
            var gw = refinedScaled * w;
            Score[name].add_((gw + gw.Squared() / 2000 + w.Cubed()).abs());
        }
        PlainScore[name].add_(Taylor2(g, w));
        if (!separatePlain) return;
        // g is refined in place, after the plain score has read it: one addcmul over G⊙g, no copy of the matrix.
        g.addcmul_(general[name] * g, g, value: lambda * 2 * lr * lr / 1000);
        if (options.Scoring == DomainScoring.Taylor2) Score[name].add_(Taylor2(g, w));
    }

    /// <summary>|gw + (gw)²/2| with gw = gradient ⊙ weight, in three passes over the matrix (the step's cost is in these passes).</summary>
    static Tensor Taylor2(Tensor gradient, Tensor weight)
    {
        var gw = gradient * weight;
        return gw.addcmul_(gw, gw, value: 0.5).abs_();
    }

    static long[] Permutation(long n, long seed)
    {
        var order = Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray();
        new Random(unchecked((int)seed ^ (int)(seed >> 32))).Shuffle(order);
        return order;
    }
}
