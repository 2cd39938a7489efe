using System.Text.Json.Nodes;
using SharpPrune.Models;

namespace SharpPrune.Bench;

/// <summary>Random models of realistic shape for timing (weights do not affect speed).</summary>
public static class BenchModels
{
    /// <summary>A ~110M-parameter Llama (GPT-2-small sized: 12 × 768, MLP 2048, vocab 32000, tied).</summary>
    public static ModelConfig Llama100M() => ModelConfigReader.Parse(JsonNode.Parse("""
        {"model_type":"llama","vocab_size":32000,"hidden_size":768,"intermediate_size":2048,"num_hidden_layers":12,
         "num_attention_heads":12,"num_key_value_heads":12,"max_position_embeddings":2048,"rms_norm_eps":1e-5,
         "rope_theta":10000.0,"tie_word_embeddings":true,"bos_token_id":1,"eos_token_id":2,"torch_dtype":"float32"}
        """)!.AsObject(), "bench:llama-100m");

    /// <summary>FLOPs of one forward pass per token at sequence length T: 2 per weight used in a matmul, plus causal attention.</summary>
    public static double ForwardFlopsPerToken(CausalLM model, int seqLen)
    {
        var c = model.Config;
        double linear = 0;
        foreach (var layer in model.Layers)
            foreach (var (_, l) in layer.Linears) linear += l.weight!.numel();
        linear += (double)c.VocabSize * c.HiddenSize; // LM head
        // QKᵀ and AV: 2 · 2 · heads·headDim FLOPs per key; causal → on average T/2 keys per query.
        double attention = c.NumLayers * 4.0 * c.NumHeads * c.HeadDim * (seqLen + 1) / 2.0;
        return 2 * linear + attention;
    }
}
