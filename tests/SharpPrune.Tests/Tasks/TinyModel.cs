using System.Text.Json.Nodes;
using SharpPrune.Models;
using SharpPrune.Text;

namespace SharpPrune.Tests.Tasks;

/// <summary>A tiny random Llama over the real stories260K tokenizer's 512 ids, for exact checks of scoring.</summary>
static class TinyModel
{
    public static TextTokenizer Tokenizer { get; } = TextTokenizer.Load(Path.Combine(RepoPaths.Shared, "models", "stories260K"));

    public static CausalLM Create(int context = 256, long seed = 3) => CausalLM.CreateRandom(ModelConfigReader.Parse(JsonNode.Parse($$"""
        {"model_type":"llama","vocab_size":512,"hidden_size":32,"intermediate_size":64,"num_hidden_layers":2,
         "num_attention_heads":4,"num_key_value_heads":2,"max_position_embeddings":{{context}},"rms_norm_eps":1e-5,
         "rope_theta":10000.0,"tie_word_embeddings":false}
        """)!.AsObject(), "test"), seed, std: 0.3);
}
