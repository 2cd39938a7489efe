using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.Text;

namespace SharpPrune.Tests.Text;

/// <summary>Which files are read, the BOS/EOS conventions taken from them, and the one-line errors for bad ones.</summary>
public class TextTokenizerFileTests
{
    private static string Gpt2Json => Path.Combine(RepoPaths.Fixtures, "reference", "tokenizers", "gpt2_bytelevel", "tokenizer.json");

    private static JsonNode Gpt2Node() => JsonNode.Parse(File.ReadAllText(Gpt2Json))!;

    private static SharpPruneException LoadFails(TempFolder folder) =>
        Assert.Throws<SharpPruneException>(() => TextTokenizer.Load(folder.Path));

    [Fact]
    public void MergesAsStringsOrPairsTokenizeTheSame()
    {
        using var folder = new TempFolder();
        var node = Gpt2Node();
        var merges = node["model"]!["merges"]!.AsArray();
        node["model"]!["merges"] = new JsonArray(merges.Select(m => (JsonNode)$"{m![0]} {m[1]}").ToArray());
        folder.Write("tokenizer.json", node.ToJsonString());
        const string text = "Numbers 1234567890 and 3.14159, tokens.";

        var fromStrings = TextTokenizer.Load(folder.Path).Encode(text);
        var fromPairs = TextTokenizer.Load(Path.GetDirectoryName(Gpt2Json)!).Encode(text);

        Assert.Equal(fromPairs, fromStrings);
    }

    [Fact]
    public void ConfigFilesGiveBosEosAndAddBos()
    {
        using var folder = new TempFolder();
        File.Copy(Gpt2Json, Path.Combine(folder.Path, "tokenizer.json"));
        folder.Write("tokenizer_config.json", """{"add_bos_token": true, "bos_token": {"content": "<|endoftext|>"}, "eos_token": "<|endoftext|>"}""");
        folder.Write("generation_config.json", """{"bos_token_id": 0, "eos_token_id": [5, 0]}""");

        var tokenizer = TextTokenizer.Load(folder.Path);

        Assert.True(tokenizer.AddsBos);
        Assert.Equal(0, tokenizer.BosId);
        Assert.Equal(5, tokenizer.EosId);
        Assert.Equal(new HashSet<int> { 5, 0 }, tokenizer.EosIds);
        Assert.Equal([0], tokenizer.Encode(""));
        Assert.Empty(tokenizer.Encode("", addSpecialTokens: false));
        Assert.Equal("Hi", tokenizer.Decode([0, .. tokenizer.Encode("Hi", false), 5]));
    }

    [Fact]
    public void TemplatePostProcessorMeansAddBos()
    {
        using var folder = new TempFolder();
        var node = Gpt2Node();
        node["post_processor"] = JsonNode.Parse("""
            {"type": "Sequence", "processors": [{"type": "ByteLevel"}, {"type": "TemplateProcessing",
              "single": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
              "special_tokens": {"<|endoftext|>": {"id": "<|endoftext|>", "ids": [0], "tokens": ["<|endoftext|>"]}}}]}
            """);
        folder.Write("tokenizer.json", node.ToJsonString());

        var tokenizer = TextTokenizer.Load(folder.Path);

        Assert.True(tokenizer.AddsBos);
        Assert.Equal(0, tokenizer.BosId);
        Assert.Equal(0, tokenizer.Encode("Hi")[0]);
    }

    [Fact]
    public void NoTokenizerFileNamesTheFolder()
    {
        using var folder = new TempFolder();

        var error = LoadFails(folder);

        Assert.Equal($"{folder.Path}: no tokenizer.json or tokenizer.model in this folder", error.Message);
    }

    [Theory]
    [InlineData("{ not json", "invalid JSON")]
    [InlineData("""{"added_tokens": []}""", "no \"model\" section")]
    [InlineData("""{"model": {"type": "Unigram", "vocab": []}}""", "unsupported tokenizer model type \"Unigram\"")]
    [InlineData("""{"model": {"type": "BPE", "merges": []}}""", "model.vocab is missing")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}}}""", "model.merges is missing")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a"]]}}""", "model.merges entry 0 is neither")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b c"]}}""", "model.merges entry 0 is neither")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": "x"}, "merges": []}}""", "model.vocab entry \"a\"")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "Whitespace"}}""", "unsupported BPE layout")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "ByteLevel"}, "normalizer": {"type": "Lowercase"}}""", "unsupported normalizer \"Lowercase\"")]
    public void MalformedTokenizerJsonIsOneLineErrorNamingTheFile(string contents, string problem)
    {
        using var folder = new TempFolder();
        string path = folder.Write("tokenizer.json", contents);

        var error = LoadFails(folder);

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void MalformedConfigIsOneLineErrorNamingTheFile()
    {
        using var folder = new TempFolder();
        File.Copy(Gpt2Json, Path.Combine(folder.Path, "tokenizer.json"));
        string path = folder.Write("generation_config.json", """{"eos_token_id": "two"}""");

        var error = LoadFails(folder);

        Assert.Equal($"{path}: eos_token_id is neither an integer nor a list of integers", error.Message);
    }
}
