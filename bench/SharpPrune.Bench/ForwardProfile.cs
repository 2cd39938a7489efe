using System.Diagnostics;
using SharpPrune.Models;
using SharpPrune.Models.Llama;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// Where the 100M Llama's perplexity forward (one window of 512) spends its time: each step of a decoder layer and of
/// the head timed on its own, on the real activations, summed over the layers, beside the whole forward. The matmul
/// rows are what the matmul-bound rate counts; every other row is the overhead the forward benchmark's "achieved"
/// figure loses.
/// </summary>
public static class ForwardProfile
{
    public static void Run(string[] args)
    {
        int seqLen = 512, repeats = args.Length > 0 ? int.Parse(args[0]) : 5;
        using var model = (LlamaForCausalLM)CausalLM.CreateRandom(BenchModels.Llama100M(), seed: 1);
        using var _ = no_grad();
        var random = new Random(1);
        var ids = tensor(Enumerable.Range(0, seqLen).Select(_ => (long)random.Next(3, 32000)).ToArray()).unsqueeze(0);
        var parts = new Dictionary<string, double>();

        // Times the step, then returns one more result of it, owned by the caller's scope.
        Tensor Time(string part, Func<Tensor> step)
        {
            using var scope = NewDisposeScope();
            step(); // warm-up: allocator, thread pool
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < repeats; i++)
            {
                using var inner = NewDisposeScope();
                step();
            }
            parts[part] = parts.GetValueOrDefault(part) + watch.Elapsed.TotalMilliseconds / repeats;
            return step().MoveToOuterDisposeScope();
        }

        double whole = Measure(() =>
        {
            var logits = model.forward(ids)[0];
            return nn.functional.cross_entropy(logits.narrow(0, 0, seqLen - 1), ids[0].narrow(0, 1, seqLen - 1));
        }, repeats);

        using var scope = NewDisposeScope();
        var ctx = model.Context(seqLen);
        Tensor hidden = model.Embed(ids, ctx);
        foreach (var layer in model.model.layers)
        {
            var attn = layer.self_attn;
            var mlp = layer.mlp;
            long headDim = attn.HeadDim;
            Tensor Heads(Tensor t) => t.view(1, seqLen, -1, headDim).transpose(1, 2);
            var normed = Time("rmsnorm", () => layer.input_layernorm.forward(hidden));
            var q = Heads(Time("q/k/v matmul", () => attn.q_proj.forward(normed)));
            var k = Heads(Time("q/k/v matmul", () => attn.k_proj.forward(normed)));
            var v = Heads(Time("q/k/v matmul", () => attn.v_proj.forward(normed)));
            var qr = Time("rotary", () => RotaryEmbedding.Apply(q, ctx.Cos!, ctx.Sin!, (int)headDim));
            var kr = Time("rotary", () => RotaryEmbedding.Apply(k, ctx.Cos!, ctx.Sin!, (int)headDim));
            var attended = Time("sdpa", () => nn.functional.scaled_dot_product_attention(qr, kr, v, null, 0.0, true));
            var merged = Time("merge heads", () => attended.transpose(1, 2).reshape(1, seqLen, -1));
            var o = Time("o matmul", () => attn.o_proj.forward(merged));
            var h = Time("residual add", () => hidden + o);
            var normed2 = Time("rmsnorm", () => layer.post_attention_layernorm.forward(h));
            var gate = Time("gate/up matmul", () => mlp.gate_proj.forward(normed2));
            var up = Time("gate/up matmul", () => mlp.up_proj.forward(normed2));
            var gated = Time("silu · up", () => nn.functional.silu(gate) * up);
            Time("silu_ · up in place", () => gate.clone().silu_().mul_(up));
            Time("clone (the in-place row's copy)", () => gate.clone());
            var down = Time("down matmul", () => mlp.down_proj.forward(gated));
            hidden = Time("residual add", () => h + down);
        }
        var final = Time("rmsnorm", () => model.model.norm.forward(hidden));
        var logitsAll = Time("head matmul", () => final.matmul(model.model.embed_tokens.weight!.t()))[0];
        Time("cross-entropy (log-softmax)", () => nn.functional.cross_entropy(logitsAll.narrow(0, 0, seqLen - 1), ids[0].narrow(0, 1, seqLen - 1)));

        // The in-place paths (autograd off) against the out-of-place ones (autograd on): the same kernels, so 0.
        using (enable_grad())
        {
            var withGrad = model.forward(ids);
            using var off = no_grad();
            Console.WriteLine($"max |logits without autograd − with autograd| = {(model.forward(ids) - withGrad).abs().max().item<float>()}");
        }
        double sum = parts.Values.Sum(), matmul = parts.Where(p => p.Key.Contains("matmul")).Sum(p => p.Value);
        Console.WriteLine($"threads {get_num_threads()}, 1 × {seqLen} tokens, mean of {repeats}; whole forward + loss {whole:F1} ms, parts sum {sum:F1} ms");
        Console.WriteLine("| part | ms per window | share of parts |\n|---|---|---|");
        foreach (var (part, ms) in parts.OrderByDescending(p => p.Value))
            Console.WriteLine($"| {part} | {ms:F1} | {ms / sum:P1} |");
        Console.WriteLine($"| all matmuls | {matmul:F1} | {matmul / sum:P1} |");
    }

    static double Measure(Func<Tensor> step, int repeats)
    {
        using (NewDisposeScope()) step();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            step();
        }
        return watch.Elapsed.TotalMilliseconds / repeats;
    }
}
