using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.IO;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Bench;

/// <summary>
/// Writes a random-weight Llama of a named shape as a Hugging Face folder: bf16 safetensors in N shards (with
/// model.safetensors.index.json when N > 1), config.json and the testbed's tokenizer. Tensors are drawn and written
/// one at a time, straight into the shard file, so the generator holds one tensor, never the model: a 7B-shaped
/// model (13.5 GB) is written with a few hundred MB of memory. The weights are normal(0, 0.02), norms 1, the same
/// for the same seed; speed and memory do not depend on them.
///
/// The tokenizer is the testbed's byte-level BPE (4,096 tokens): no 32,000-entry tokenizer is at hand, and only
/// the first 4,096 embedding rows are ever looked up, which changes no matmul's size.
/// </summary>
public static class RandomCheckpoint
{
    /// <summary>(hidden, layers, heads, kv heads, FFN, vocab, tied, context) of the shapes the issue-16 benchmarks use.</summary>
    static readonly Dictionary<string, (int Hidden, int Layers, int Heads, int KvHeads, int Ffn, int Vocab, bool Tied, int Context)> Shapes = new()
    {
        ["100m"] = (768, 12, 12, 12, 2048, 32000, true, 2048),
        // The 100M shape with an untied head (134M parameters): the model the ppl estimate was first measured on (RESULTS.md, h16).
        ["134m"] = (768, 12, 12, 12, 2048, 32000, false, 2048),
        ["1.1b"] = (2048, 22, 32, 4, 5632, 32000, false, 2048),
        ["2.8b"] = (3072, 26, 24, 8, 8192, 32000, false, 2048),
        ["7b"] = (4096, 32, 32, 32, 11008, 32000, false, 4096),
        // Two of the 7B shape's layers: a layer's cost at 7B width measured in minutes, not an hour.
        ["7b-2l"] = (4096, 2, 32, 32, 11008, 32000, false, 4096),
    };

    /// <summary>generate-model SHAPE OUT_DIR [SHARDS] [SEED]</summary>
    public static void Run(string[] args)
    {
        if (args.Length < 2 || !Shapes.TryGetValue(args[0], out var s))
            throw new SharpPruneException($"usage: generate-model {string.Join('|', Shapes.Keys)} OUT_DIR [SHARDS] [SEED]");
        string outDir = args[1];
        int shards = args.Length > 2 ? int.Parse(args[2]) : 1;
        long seed = args.Length > 3 ? long.Parse(args[3]) : 1;
        if (Directory.Exists(outDir)) throw new SharpPruneException($"{outDir}: already exists");
        string staging = outDir + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);

        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("LlamaForCausalLM"), ["model_type"] = "llama", ["vocab_size"] = s.Vocab,
            ["hidden_size"] = s.Hidden, ["intermediate_size"] = s.Ffn, ["num_hidden_layers"] = s.Layers,
            ["num_attention_heads"] = s.Heads, ["num_key_value_heads"] = s.KvHeads, ["max_position_embeddings"] = s.Context,
            ["rms_norm_eps"] = 1e-5, ["rope_theta"] = 10000.0, ["hidden_act"] = "silu", ["tie_word_embeddings"] = s.Tied,
            // The testbed tokenizer's <|endoftext|> is id 0.
            ["bos_token_id"] = 0, ["eos_token_id"] = 0, ["torch_dtype"] = "bfloat16",
        };
        File.WriteAllText(Path.Combine(staging, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        string testbed = Path.Combine(AppContext.BaseDirectory, "../../../../../models/testbed");
        foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json" })
            File.Copy(Path.Combine(testbed, file), Path.Combine(staging, file));

        var tensors = Tensors(s.Hidden, s.Layers, s.Heads, s.KvHeads, s.Ffn, s.Vocab, s.Tied);
        var plan = Split(tensors, shards);
        var generator = new Generator((ulong)seed);
        var weightMap = new JsonObject();
        long total = 0;
        for (int i = 0; i < plan.Count; i++)
        {
            string name = shards == 1 ? "model.safetensors" : $"model-{i + 1:D5}-of-{shards:D5}.safetensors";
            WriteShard(Path.Combine(staging, name), plan[i], generator);
            foreach (var t in plan[i]) weightMap[t.Name] = name;
            total += plan[i].Sum(t => t.Bytes);
            Console.Error.WriteLine($"{name}: {plan[i].Count} tensors, {plan[i].Sum(t => t.Bytes) / 1e9:F2} GB");
        }
        if (shards > 1)
        {
            var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
            File.WriteAllText(Path.Combine(staging, CheckpointIndex.FileName), index.ToJsonString());
        }
        Directory.Move(staging, outDir);
        long parameters = tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
        Console.WriteLine($"{outDir}: {args[0]} Llama, {parameters / 1e9:F2}B parameters, {total / 1e9:F2} GB bf16 in {shards} shard(s)");
    }

    sealed record Entry(string Name, long[] Shape, bool IsNorm)
    {
        public long Bytes => Shape.Aggregate(2L, (a, b) => a * b);
    }

    /// <summary>A Llama checkpoint's tensors in layer order, as Hugging Face names and shapes them.</summary>
    static List<Entry> Tensors(int hidden, int layers, int heads, int kvHeads, int ffn, int vocab, bool tied)
    {
        int headDim = hidden / heads;
        var list = new List<Entry> { new("model.embed_tokens.weight", [vocab, hidden], false) };
        for (int l = 0; l < layers; l++)
        {
            string p = $"model.layers.{l}.";
            list.Add(new(p + "input_layernorm.weight", [hidden], true));
            list.Add(new(p + "self_attn.q_proj.weight", [heads * headDim, hidden], false));
            list.Add(new(p + "self_attn.k_proj.weight", [kvHeads * headDim, hidden], false));
            list.Add(new(p + "self_attn.v_proj.weight", [kvHeads * headDim, hidden], false));
            list.Add(new(p + "self_attn.o_proj.weight", [hidden, heads * headDim], false));
            list.Add(new(p + "post_attention_layernorm.weight", [hidden], true));
            list.Add(new(p + "mlp.gate_proj.weight", [ffn, hidden], false));
            list.Add(new(p + "mlp.up_proj.weight", [ffn, hidden], false));
            list.Add(new(p + "mlp.down_proj.weight", [hidden, ffn], false));
        }
        list.Add(new("model.norm.weight", [hidden], true));
        if (!tied) list.Add(new("lm_head.weight", [vocab, hidden], false));
        return list;
    }

    /// <summary>Consecutive runs of tensors of about equal size, one per shard, as transformers' save_pretrained splits.</summary>
    static List<List<Entry>> Split(List<Entry> tensors, int shards)
    {
        double perShard = (double)tensors.Sum(t => t.Bytes) / shards;
        var plan = Enumerable.Range(0, shards).Select(_ => new List<Entry>()).ToList();
        long done = 0;
        foreach (var t in tensors)
        {
            plan[Math.Min(shards - 1, (int)(done / perShard))].Add(t);
            done += t.Bytes;
        }
        return plan;
    }

    /// <summary>The header from the shapes alone, then each tensor drawn, converted to bf16 and appended.</summary>
    static void WriteShard(string path, List<Entry> entries, Generator generator)
    {
        var sorted = entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        long offset = 0;
        foreach (var e in sorted)
        {
            header[e.Name] = new JsonObject
            {
                ["dtype"] = "BF16",
                ["shape"] = new JsonArray(e.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + e.Bytes),
            };
            offset += e.Bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = new byte[(json.Length + 7) / 8 * 8];
        Array.Fill(padded, (byte)' ');
        json.CopyTo(padded, 0);

        using var stream = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded.Length);
        stream.Write(prefix);
        stream.Write(padded);
        // Drawn in the shard's file order; float32 first because normal_ on bf16 would round the draw's parameters.
        foreach (var e in sorted)
        {
            using var scope = NewDisposeScope();
            var values = e.IsNorm ? ones(e.Shape) : empty(e.Shape).normal_(0, 0.02, generator);
            var bf16 = values.to_type(ScalarType.BFloat16).contiguous();
            values.Dispose();
            // A tensor's bytes straight from native memory, in slices under 1 GiB (a span's length is an int).
            using var flat = bf16.view(-1);
            for (long start = 0; start < flat.shape[0]; start += 1L << 29)
            {
                using var slice = flat.narrow(0, start, Math.Min(1L << 29, flat.shape[0] - start));
                stream.Write(slice.bytes);
            }
        }
    }
}
