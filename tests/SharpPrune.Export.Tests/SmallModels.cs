using System.Text.Json.Nodes;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Export.Tests;

/// <summary>
/// Small random GPT-NeoX and GPT-2 models built in the test, with the testbed's byte-level BPE tokenizer (4,096
/// tokens, so the vocabulary matches). Every parameter is random, biases and LayerNorm gains and shifts included,
/// so a bias, norm or qkv row written in the wrong place shows in the logits.
/// </summary>
static class SmallModels
{
    /// <summary>Pythia-like: erf GELU, a quarter of each head rotated, untied head, with biases.</summary>
    public const string NeoXParallel = """
        {"model_type":"gpt_neox","vocab_size":4096,"hidden_size":128,"intermediate_size":384,"num_hidden_layers":3,
         "num_attention_heads":4,"rotary_pct":0.25,"rotary_emb_base":10000,"max_position_embeddings":512,"layer_norm_eps":1e-5,
         "hidden_act":"gelu","use_parallel_residual":true,"tie_word_embeddings":false}
        """;

    /// <summary>The other NeoX variants: sequential residual, half of each head rotated, no attention biases, tied head.</summary>
    public const string NeoXSequential = """
        {"model_type":"gpt_neox","vocab_size":4096,"hidden_size":128,"intermediate_size":384,"num_hidden_layers":3,
         "num_attention_heads":4,"rotary_pct":0.5,"rotary_emb_base":10000,"max_position_embeddings":512,"layer_norm_eps":1e-5,
         "hidden_act":"gelu_new","use_parallel_residual":false,"attention_bias":false,"tie_word_embeddings":true}
        """;

    public const string Gpt2 = """
        {"model_type":"gpt2","vocab_size":4096,"n_embd":128,"n_inner":384,"n_layer":3,"n_head":4,"n_positions":512,
         "layer_norm_epsilon":1e-5,"activation_function":"gelu_new"}
        """;

    public static string Of(string name) => name switch
    {
        "neox-parallel" => NeoXParallel,
        "neox-sequential" => NeoXSequential,
        "gpt2" => Gpt2,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static CausalLM Create(string configJson, long seed)
    {
        var config = ModelConfigReader.Parse(JsonNode.Parse(configJson)!.AsObject(), "config.json");
        var model = CausalLM.CreateRandom(config, seed, std: 0.08);
        var generator = new Generator((ulong)seed + 1);
        using (no_grad())
        {
            foreach (var (_, p) in model.named_parameters())
                if (p.dim() == 1) p.add_(randn(p.shape, generator: generator) * 0.1);
        }
        return model;
    }

    /// <summary>Saves <paramref name="model"/> as a model folder with the testbed's tokenizer files.</summary>
    public static string Save(CausalLM model, string dir)
    {
        model.Save(dir, addFiles: staging =>
        {
            foreach (string name in new[] { "tokenizer.json", "tokenizer_config.json" })
                File.Copy(Path.Combine(Models.Testbed, name), Path.Combine(staging, name));
        });
        return dir;
    }
}
