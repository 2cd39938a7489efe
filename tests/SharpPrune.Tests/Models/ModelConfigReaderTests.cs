using System.Text.Json.Nodes;
using SharpPrune.Models;

namespace SharpPrune.Tests.Models;

public class ModelConfigReaderTests
{
    static ModelConfig Parse(string json) => ModelConfigReader.Parse(JsonNode.Parse(json)!.AsObject(), "config.json");

    const string Llama = """
        {"model_type":"llama","vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":8,"max_position_embeddings":4096,"rms_norm_eps":1e-5,
         "rope_theta":500000.0,"rope_scaling":{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,
         "high_freq_factor":4.0,"original_max_position_embeddings":8192},"tie_word_embeddings":false,
         "bos_token_id":128000,"eos_token_id":[128001,128009]}
        """;

    [Fact]
    public void ReadsTransformers4LlamaKeys()
    {
        var c = Parse(Llama);
        Assert.Equal(ModelFamily.Llama, c.Family);
        Assert.Equal((32, 8, 128, 128), (c.NumHeads, c.NumKvHeads, c.HeadDim, c.RotaryDim));
        Assert.Equal(500000.0, c.RopeTheta);
        Assert.Equal(new RopeScaling("llama3", 8, 1, 4, 8192), c.RopeScaling);
        Assert.Equal((128000, 128001), (c.BosTokenId!.Value, c.EosTokenId!.Value));
        Assert.False(c.QkvBias);
    }

    [Fact]
    public void ReadsTransformers4PythiaKeys()
    {
        var c = Parse("""
            {"model_type":"gpt_neox","vocab_size":50304,"hidden_size":512,"intermediate_size":2048,"num_hidden_layers":6,
             "num_attention_heads":8,"rotary_pct":0.25,"rotary_emb_base":10000,"max_position_embeddings":2048,
             "layer_norm_eps":1e-5,"hidden_act":"gelu","use_parallel_residual":true,"tie_word_embeddings":false}
            """);
        Assert.Equal((64, 16), (c.HeadDim, c.RotaryDim));
        Assert.True(c.ParallelResidual && c.QkvBias && c.OutputBias);
    }

    [Fact]
    public void Qwen2HasBiasOnQkvOnly()
    {
        var c = Parse(Llama.Replace("\"llama\"", "\"qwen2\""));
        Assert.True(c.QkvBias);
        Assert.False(c.OutputBias);
    }

    [Theory]
    [InlineData("\"model_type\":\"llama\"", "\"model_type\":\"falcon\"", "unsupported model_type 'falcon'")]
    [InlineData("\"rope_type\":\"llama3\"", "\"rope_type\":\"yarn\"", "unsupported rope scaling 'yarn'")]
    [InlineData("\"vocab_size\":32000,", "", "missing \"vocab_size\"")]
    [InlineData("\"hidden_size\":4096", "\"hidden_size\":\"big\"", "\"hidden_size\" must be an integer")]
    [InlineData("\"num_key_value_heads\":8", "\"num_key_value_heads\":5", "not a multiple of num_key_value_heads")]
    public void RefusesUnsupportedOrMalformedConfigsByName(string find, string replace, string expected)
    {
        var error = Assert.Throws<SharpPruneException>(() => Parse(Llama.Replace(find, replace)));
        Assert.StartsWith("config.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("llama", "\"sharpprune_attention_heads\":[4,2]", "must be given together")]
    [InlineData("llama", "\"sharpprune_attention_heads\":[4],\"sharpprune_key_value_heads\":[2]", "sharpprune_attention_heads has 1 entries for 2 layers")]
    [InlineData("llama", "\"sharpprune_attention_heads\":[4,0],\"sharpprune_key_value_heads\":[2,1]", "entries must be positive")]
    [InlineData("llama", "\"sharpprune_attention_heads\":[4,3],\"sharpprune_key_value_heads\":[2,2]", "layer 1: sharpprune_attention_heads 3 is not a multiple")]
    [InlineData("gpt_neox", "\"sharpprune_attention_heads\":[4,2],\"sharpprune_key_value_heads\":[2,2]", "must equal sharpprune_attention_heads for gpt_neox")]
    public void RefusesInconsistentPerLayerHeadCounts(string modelType, string keys, string expected)
    {
        string json = $$"""
            {"model_type":"{{modelType}}","vocab_size":64,"hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,
             "num_attention_heads":4,"num_key_value_heads":2,"max_position_embeddings":64,"rms_norm_eps":1e-5,{{keys}}}
            """;
        var error = Assert.Throws<SharpPruneException>(() => Parse(json));
        Assert.StartsWith("config.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void InvalidJsonIsAOneLineErrorNamingTheFile()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "config.json");
        File.WriteAllText(path, "{\"model_type\": ");
        var error = Assert.Throws<SharpPruneException>(() => ModelConfigReader.Read(path));
        Assert.StartsWith(path + ": invalid JSON", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }
}
