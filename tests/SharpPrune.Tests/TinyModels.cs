using System.Text.Json.Nodes;
using SharpPrune.Models;

namespace SharpPrune.Tests;

/// <summary>Small random models built in the test, of the real shapes' kinds.</summary>
internal static class TinyModels
{
    public static ModelConfig Llama(int vocab = 512, int hidden = 32, int intermediate = 48, int layers = 2, int heads = 4, int kvHeads = 2) =>
        Parse($$"""
            {"model_type":"llama","vocab_size":{{vocab}},"hidden_size":{{hidden}},"intermediate_size":{{intermediate}},
             "num_hidden_layers":{{layers}},"num_attention_heads":{{heads}},"num_key_value_heads":{{kvHeads}},"max_position_embeddings":128,
             "rms_norm_eps":1e-5,"tie_word_embeddings":true,"bos_token_id":1,"eos_token_id":2}
            """, "tiny-llama");

    /// <summary>Pythia-style: parallel residual, a quarter of each head rotated, fused per-head qkv, untied head.</summary>
    public static ModelConfig GptNeoX(int layers = 2) =>
        Parse($$"""
            {"model_type":"gpt_neox","vocab_size":512,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":{{layers}},
             "num_attention_heads":4,"rotary_pct":0.25,"max_position_embeddings":128,"layer_norm_eps":1e-5,
             "use_parallel_residual":true,"tie_word_embeddings":false}
            """, "tiny-gpt-neox");

    public static ModelConfig Gpt2(int layers = 2) =>
        Parse($$"""
            {"model_type":"gpt2","vocab_size":512,"n_embd":32,"n_inner":48,"n_layer":{{layers}},"n_head":4,"n_positions":128}
            """, "tiny-gpt2");

    /// <summary>The tiny config of a family by its model_type: Llama with grouped-query attention (8 heads, 4 KV heads).</summary>
    public static ModelConfig OfFamily(string modelType, int layers) => modelType switch
    {
        "llama" => Llama(layers: layers, heads: 8, kvHeads: 4),
        "gpt_neox" => GptNeoX(layers),
        "gpt2" => Gpt2(layers),
        _ => throw new ArgumentOutOfRangeException(nameof(modelType)),
    };

    public static string StoriesDir => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    public static string Brown => Path.Combine(RepoPaths.Shared, "data", "general", "brown.jsonl");

    static ModelConfig Parse(string json, string name) => ModelConfigReader.Parse(JsonNode.Parse(json)!.AsObject(), name);
}
