using System.Text.Json;
using SharpPrune.Tests.Cli;

namespace SharpPrune.Tests.Pruning;

/// <summary>`sharpprune prune --method attribution*` on stories260K and PubMedQA, as a user runs it.</summary>
public sealed class AttributionCliTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-attrcli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Theory]
    [InlineData("attribution")]
    [InlineData("attribution-random")]
    [InlineData("attribution-activation")]
    public void RemovesThirtyPercentOfEachLayersNeuronsAndTheResultLoads(string method)
    {
        string outDir = Path.Combine(temp, method);
        var r = CliProcess.Run("prune", "--method", method, "--model", TinyModels.StoriesDir, "--task", "pubmedqa",
            "--limit", "8", "--ratio", "0.3", "--out", outDir, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var info = CliProcess.Run("info", "--model", outDir, "--json");
        Assert.Equal(0, info.ExitCode);
        using var summary = JsonDocument.Parse(info.LastLine);
        // 172 − ⌊0.3 · 172⌋ = 121 in each of the five layers.
        Assert.All(summary.RootElement.GetProperty("intermediate_sizes").EnumerateArray(), w => Assert.Equal(121, w.GetInt32()));
        Assert.Contains("MLP width                  121", CliProcess.Run("info", "--model", outDir).Stdout);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pruning.json")));
        Assert.Equal(method, manifest.RootElement.GetProperty("method").GetString());
        var details = manifest.RootElement.GetProperty(method);
        var layers = details.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(5, layers.Count);
        Assert.All(layers, l => Assert.Equal(121, l.GetProperty("kept").GetArrayLength()));
        if (method == "attribution")
        {
            Assert.Equal(8, details.GetProperty("examples").GetArrayLength());
            Assert.All(layers, l => Assert.True(l.GetProperty("removed_score_max").GetDouble() <= l.GetProperty("kept_score_min").GetDouble()));
        }
    }

    [Theory]
    [InlineData("attribution")]
    [InlineData("attribution-random")]
    [InlineData("attribution-activation")]
    public void HeadsRemovesAQuarterOfEachLayersKvGroupsAndTheResultIsSmaller(string method)
    {
        string outDir = Path.Combine(temp, method + "-heads");
        var r = CliProcess.Run("prune", "--method", method, "--model", TinyModels.StoriesDir, "--task", "pubmedqa",
            "--limit", "4", "--ratio", "0.3", "--heads", "0.25", "--out", outDir, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var info = CliProcess.Run("info", "--model", outDir, "--json");
        Assert.True(info.ExitCode == 0, info.Stderr);
        using var summary = JsonDocument.Parse(info.LastLine);
        // stories260K: 8 query heads over 4 KV heads, so groups of 2; ⌊0.25 · 4⌋ = 1 group goes from each layer.
        Assert.All(summary.RootElement.GetProperty("heads").EnumerateArray(), h => Assert.Equal(6, h.GetInt32()));
        Assert.All(summary.RootElement.GetProperty("kv_heads").EnumerateArray(), h => Assert.Equal(3, h.GetInt32()));
        using var input = JsonDocument.Parse(CliProcess.Run("info", "--model", TinyModels.StoriesDir, "--json").LastLine);
        // Per layer, hidden 64 and head size 8: q and o lose 2 heads (2 · 8 · 64 each), k and v one (8 · 64 each);
        // the MLP loses 51 neurons of gate, up and down (3 · 51 · 64).
        long removed = 5 * (2 * 2 * 8 * 64 + 2 * 8 * 64 + 3 * 51 * 64);
        Assert.Equal(input.RootElement.GetProperty("parameters").GetInt64() - removed, summary.RootElement.GetProperty("parameters").GetInt64());
        Assert.True(new FileInfo(Path.Combine(outDir, "model.safetensors")).Length
                    < new FileInfo(Path.Combine(TinyModels.StoriesDir, "model.safetensors")).Length);

        // Equal counts in every layer: a plain config, with the head size no longer hidden_size / heads made explicit.
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "config.json"))).RootElement;
        Assert.Equal((6, 3, 8), (config.GetProperty("num_attention_heads").GetInt32(), config.GetProperty("num_key_value_heads").GetInt32(),
            config.GetProperty("head_dim").GetInt32()));
        Assert.False(config.TryGetProperty("sharpprune_attention_heads", out _));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pruning.json")));
        var details = manifest.RootElement.GetProperty(method);
        Assert.Equal(0.25, details.GetProperty("heads_ratio").GetDouble());
        foreach (var layer in details.GetProperty("layers").EnumerateArray())
        {
            var heads = layer.GetProperty("heads");
            Assert.Equal(8, heads.GetProperty("scores").GetArrayLength());
            Assert.Equal(3, heads.GetProperty("kept_kv_heads").GetArrayLength());
            var kept = heads.GetProperty("kept").EnumerateArray().Select(h => h.GetInt32()).ToArray();
            Assert.Equal(heads.GetProperty("kept_kv_heads").EnumerateArray().SelectMany(g => new[] { 2 * g.GetInt32(), 2 * g.GetInt32() + 1 }), kept);
            var groups = heads.GetProperty("group_scores").EnumerateArray().Select(g => g.GetDouble()).ToArray();
            var keptGroups = heads.GetProperty("kept_kv_heads").EnumerateArray().Select(g => g.GetInt32()).ToHashSet();
            Assert.True(groups.Where((_, g) => !keptGroups.Contains(g)).Max() <= groups.Where((_, g) => keptGroups.Contains(g)).Min());
        }
        Assert.Contains(manifest.RootElement.GetProperty("matrices").EnumerateArray(),
            m => m.GetProperty("name").GetString() == "model.layers.0.self_attn.q_proj" && m.GetProperty("pruned").GetInt64() == 2 * 8 * 64);
    }
}
