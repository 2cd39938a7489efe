using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// <c>lossOf(model.forward(ids)).backward()</c> with per-layer activation checkpointing, which
/// TorchSharp lacks (no torch.utils.checkpoint). The forward runs without autograd and keeps only
/// each decoder layer's input; the backward then rebuilds one layer's graph at a time from its
/// stored input, top layer first, and hands the gradient of that input to the layer below. Autograd
/// so holds one layer's activations (plus the head's) instead of the whole stack's, while every
/// parameter's .grad receives what plain autograd gives: the same operations on the same values,
/// since the layers draw no random numbers (no dropout) and the rebuilt graph is the one first run.
/// </summary>
public static class CheckpointedBackward
{
    /// <param name="lossOf">The scalar loss of the logits [batch, time, vocab].</param>
    /// <returns>The loss, detached from the (already freed) graph.</returns>
    public static Tensor Run(CausalLM model, Tensor ids, Func<Tensor, Tensor> lossOf)
    {
        using var scope = NewDisposeScope();
        var ctx = model.Context(ids.shape[1]);
        var layers = model.Layers;
        var inputs = new Tensor[layers.Count];
        Tensor hidden;
        using (no_grad())
        {
            hidden = model.Embed(ids, ctx);
            for (int i = 0; i < layers.Count; i++)
            {
                using var layerScope = NewDisposeScope();
                inputs[i] = hidden;
                hidden = layers[i].forward(hidden, ctx).MoveToOuterDisposeScope();
            }
        }

        var (loss, upstream) = HeadBackward(model, hidden, lossOf);
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            var below = LayerBackward(layers[i], ctx, inputs[i], upstream);
            upstream.Dispose();
            inputs[i].Dispose();
            upstream = below;
        }
        using (var embedScope = NewDisposeScope()) model.Embed(ids, ctx).backward([upstream]);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Backward from the loss to the last layer's output: (the detached loss, its gradient there).</summary>
    static (Tensor Loss, Tensor Upstream) HeadBackward(CausalLM model, Tensor top, Func<Tensor, Tensor> lossOf)
    {
        using var scope = NewDisposeScope();
        // The logits and any copies lossOf makes of them are not needed by autograd (the loss keeps its own
        // log-softmax): free them before the backward.
        var loss = Intermediates.Freed(() => lossOf(model.Head(top.requires_grad_(true))));
        loss.backward();
        return (loss.detach().MoveToOuterDisposeScope(), top.grad!.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Rebuilds one layer's graph from its stored input, backpropagates <paramref name="upstream"/>
    /// into the layer's parameters and returns the gradient of the input (a leaf of the new graph).
    /// </summary>
    static Tensor LayerBackward(DecoderLayer layer, ForwardContext ctx, Tensor input, Tensor upstream)
    {
        using var scope = NewDisposeScope();
        layer.forward(input.requires_grad_(true), ctx).backward([upstream]);
        return input.grad!.MoveToOuterDisposeScope();
    }
}
