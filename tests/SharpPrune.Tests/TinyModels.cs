using System.Text.Json.Nodes;
using SharpPrune.Models;

namespace SharpPrune.Tests;

/// <summary>Small random models built in the test, of the real shapes' kinds.</summary>
internal static class TinyModels
{
    public static ModelConfig Llama(int vocab = 512, int hidden = 32, int intermediate = 48, int layers = 2) =>
        ModelConfigReader.Parse(JsonNode.Parse($$"""
            {"model_type":"llama","vocab_size":{{vocab}},"hidden_size":{{hidden}},"intermediate_size":{{intermediate}},
             "num_hidden_layers":{{layers}},"num_attention_heads":4,"num_key_value_heads":2,"max_position_embeddings":128,
             "rms_norm_eps":1e-5,"tie_word_embeddings":true,"bos_token_id":1,"eos_token_id":2}
            """)!.AsObject(), "tiny-llama");

    public static string StoriesDir => Path.Combine(RepoPaths.Shared, "models", "stories260K");

    public static string Brown => Path.Combine(RepoPaths.Shared, "data", "general", "brown.jsonl");
}
