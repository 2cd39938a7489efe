using SharpPrune.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Pruning;

/// <summary>
/// One pass of a decoder layer over every calibration batch that prunes the layer's linears group by
/// group in execution order — SparseGPT's "true sequential": q/k/v, then o, then gate/up, then down —
/// so each group is calibrated on the outputs of the groups already pruned before it, and the layer
/// runs once instead of twice (capture, then re-run pruned).
/// A group can be pruned only when every batch has reached it, so each batch's forward runs on a
/// thread of its own that stops at the group's first linear until the group is pruned. That keeps
/// every family's forward code as it is. Exactly one thread computes at a time, in batch order, so
/// the result is deterministic and libtorch's own threads are not oversubscribed. The price is
/// memory: every batch's partly run forward is alive at once, not just the layer's inputs and outputs.
/// </summary>
sealed class SequentialLayerPass(DecoderLayer layer, ForwardContext ctx, string layerName)
{
    /// <summary>
    /// Runs the layer over <paramref name="inputs"/>, handing each batch's input to a group (as the
    /// forward passes it, [batch, time, in]) to <paramref name="capture"/> and calling <paramref name="prune"/> once all batches have reached it.
    /// Returns the pruned layer's outputs, or null when <paramref name="needOutputs"/> is false (the last layer),
    /// in which case each forward stops at its last group.
    /// </summary>
    public List<Tensor>? Run(List<Tensor> inputs, IReadOnlyList<IReadOnlyList<Linear>> groups,
        Action<int, Tensor> capture, Action<int> prune, bool needOutputs)
    {
        var groupOf = groups.SelectMany((members, g) => members.Select(linear => (linear, g))).ToDictionary(p => p.linear, p => p.g);
        var batches = inputs.Select(x => new BatchForward(layer, x, ctx, groupOf, capture, layerName)).ToList();
        try
        {
            for (int g = 0; g < groups.Count; g++)
            {
                foreach (var batch in batches) batch.RunUntil(g);
                prune(g);
            }
            if (!needOutputs) return null;
            foreach (var batch in batches) batch.RunUntil(BatchForward.Finished);
            return batches.Select(b => b.TakeOutput()).ToList();
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    /// <summary>One batch's forward on its own thread, stepped by the caller from one group to the next.</summary>
    sealed class BatchForward : IDisposable
    {
        public const int Finished = int.MaxValue;

        readonly SemaphoreSlim resume = new(0), stopped = new(0);
        readonly Thread thread;
        readonly Dictionary<Linear, int> groupOf;
        readonly Action<int, Tensor> capture;
        readonly string layerName;
        Tensor? output, groupInput;
        Exception? error;
        int reached = -1;
        volatile bool cancelled;

        public BatchForward(DecoderLayer layer, Tensor input, ForwardContext ctx, Dictionary<Linear, int> groupOf,
            Action<int, Tensor> capture, string layerName)
        {
            (this.groupOf, this.capture, this.layerName) = (groupOf, capture, layerName);
            thread = new Thread(() => Forward(layer, input, ctx)) { IsBackground = true, Name = $"{layerName} batch" };
            thread.Start();
        }

        /// <summary>Lets the forward run until it stops at <paramref name="group"/> (or ends, for <see cref="Finished"/>).</summary>
        public void RunUntil(int group)
        {
            resume.Release();
            stopped.Wait();
            if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            if (reached != group)
                throw new InvalidOperationException($"{layerName}: a forward reached linear group {reached}, expected {group}");
        }

        public Tensor TakeOutput()
        {
            var result = output!;
            output = null;
            return result;
        }

        void Forward(DecoderLayer layer, Tensor input, ForwardContext ctx)
        {
            resume.Wait();
            if (cancelled) return;
            try
            {
                // Grad mode and dispose scopes are per thread: this thread needs its own.
                using var _ = no_grad();
                using var observe = LinearInputs.Observe(groupOf.ToDictionary(p => p.Key, p => (Action<Tensor>)(x => Arrive(p.Value, x))));
                using var scope = NewDisposeScope();
                var result = layer.forward(input, ctx);
                FiniteCheck.Require(result, $"the calibration output of {layerName}");
                output = result.DetachFromDisposeScope();
                reached = Finished;
            }
            catch (Exception e)
            {
                // A cancelled forward unwinds with OperationCanceledException; nobody waits for its result.
                if (!cancelled) error = e;
            }
            stopped.Release();
        }

        /// <summary>Observer of every grouped linear: the first member of a group stops the forward until the group is pruned.</summary>
        void Arrive(int group, Tensor x)
        {
            if (group == reached)
            {
                // k/v after q, up after gate: pruned together with the first, so they must have been fed the same input.
                if (!ReferenceEquals(x, groupInput))
                    throw new InvalidOperationException($"{layerName}: the linears of group {group} do not share one input");
                return;
            }
            capture(group, x);
            (reached, groupInput) = (group, x);
            stopped.Release();
            resume.Wait();
            if (cancelled) throw new OperationCanceledException();
        }

        /// <summary>Ends the thread: a forward still stopped at a group is unwound (its tensors freed by its scopes).</summary>
        public void Dispose()
        {
            if (thread.IsAlive)
            {
                cancelled = true;
                resume.Release();
                thread.Join();
            }
            output?.Dispose();
            resume.Dispose();
            stopped.Dispose();
        }
    }
}
