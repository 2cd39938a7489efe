using System.Text.Json.Nodes;
using SharpPrune.Models;

namespace SharpPrune.Pruning.Attribution;

/// <summary>The pruning.json parts of an attribution run: a report over the resized matrices and the method's details.</summary>
public static class AttributionManifest
{
    public static readonly LinearSelection Units = new(["*.mlp.*"], []);

    /// <summary>With heads, the attention linears of every family too (self_attn, attn, attention).</summary>
    public static readonly LinearSelection UnitsWithHeads = new(["*.mlp.*", "*attn.*", "*.attention.*"], []);

    public static PruningRecipe Recipe(string method, AttributionOptions options) =>
        new(method, new UnstructuredPattern(options.Ratio, options.Global ? PruningScope.Global : PruningScope.Matrix),
            options.Heads is null ? Units : UnitsWithHeads, null);

    /// <summary>Per resized matrix: its new shape and the entries removed with its neurons or heads.</summary>
    public static PruningReport Report(CausalLM pruned, AttributionResult result)
    {
        var matrices = new List<MatrixResult>();
        for (int i = 0; i < pruned.Layers.Count; i++)
        {
            var layer = pruned.Layers[i];
            var (ff, attention) = (layer.FeedForward, layer.Attention);
            int before = result.WidthsBefore[i], removed = before - result.Kept[i].Length;
            int groupsBefore = result.HeadsBefore[i].KvHeads, groupsRemoved = groupsBefore - attention.KvHeads;
            foreach (var (fullName, linear) in pruned.NamedLinears(i))
            {
                if (ff.Expanding.Contains(linear) || linear == ff.Contracting)
                {
                    long other = linear == ff.Contracting ? linear.weight!.shape[0] : linear.weight!.shape[1];
                    matrices.Add(new MatrixResult(fullName, linear.weight!.shape, removed * other, (double)removed / before));
                }
                else if (result.KeptHeadGroups is not null && (attention.Inputs.Contains(linear) || linear == attention.Output))
                    // Whole groups go, so every q/k/v/output matrix loses the share of its entries the layer lost of groups.
                    matrices.Add(new MatrixResult(fullName, linear.weight!.shape, linear.weight!.numel() * groupsRemoved / attention.KvHeads,
                        (double)groupsRemoved / groupsBefore));
            }
        }
        double total = result.WidthsBefore.Sum();
        return new PruningReport(matrices, (total - result.Kept.Sum(k => k.Length)) / total,
            new Dictionary<string, double> { ["attribution"] = result.Seconds }, 0, null);
    }

    public static JsonObject Details(string task, AttributionResult r)
    {
        var o = r.Options;
        return new JsonObject
        {
            ["task"] = task,
            ["scoring"] = o.Scoring.ToString().ToLowerInvariant(),
            ["units"] = o.Heads is null ? AttributionSite.Neurons.Name : $"{AttributionSite.Neurons.Name}+{AttributionSite.Heads.Name}",
            ["ratio"] = o.Ratio,
            ["heads_ratio"] = o.Heads,
            ["global"] = o.Global,
            ["min_keep"] = o.Global ? o.MinKeep : null,
            ["attribution"] = o.IgSteps is { } m ? $"integrated_gradients(m={m}, zero baseline)" : "activation_x_gradient",
            ["ig_batch"] = o.IgSteps is null ? null : o.IgBatch,
            ["position_reduce"] = o.PositionReduce.ToString().ToLowerInvariant(),
            ["target"] = o.Unsupervised ? "model_prediction" : "gold",
            ["low_resource"] = o.LowResource,
            ["limit"] = o.Limit,
            ["seed"] = o.Seed,
            ["examples"] = new JsonArray(r.ExampleIds.Select(id => (JsonNode)id).ToArray()),
            ["targets"] = new JsonArray(r.Scores.Targets.Select(t => (JsonNode)new JsonObject { ["id"] = t.Id, ["candidate"] = t.Target }).ToArray()),
            ["layers"] = new JsonArray(Enumerable.Range(0, r.Kept.Count).Select(i => (JsonNode)Layer(r, i)).ToArray()),
        };
    }

    static JsonObject Layer(AttributionResult r, int i)
    {
        var scores = r.Scores.Neurons[i];
        var kept = r.Kept[i].Select(k => (int)k).ToHashSet();
        var keptScores = scores.Where((_, k) => kept.Contains(k)).ToArray();
        var removedScores = scores.Where((_, k) => !kept.Contains(k)).ToArray();
        var layer = new JsonObject
        {
            ["width_before"] = r.WidthsBefore[i],
            ["width_after"] = r.Kept[i].Length,
            ["score_mean"] = scores.Average(),
            ["score_max"] = scores.Max(),
            ["kept_score_min"] = keptScores.Min(),
            ["removed_score_max"] = removedScores.Length == 0 ? null : removedScores.Max(),
            ["removed_score_mean"] = removedScores.Length == 0 ? null : removedScores.Average(),
            ["kept"] = new JsonArray(r.Kept[i].Select(k => (JsonNode)k).ToArray()),
        };
        if (r.KeptHeadGroups is not null) layer["heads"] = Heads(r, i);
        return layer;
    }

    /// <summary>A layer's heads: counts before and after, every query head's and group's score, and what stayed.</summary>
    static JsonObject Heads(AttributionResult r, int i)
    {
        var (heads, kvHeads) = r.HeadsBefore[i];
        var groups = r.KeptHeadGroups![i];
        var scores = r.Scores.Heads![i];
        var kept = HeadGroups.QueryHeads(groups, heads / kvHeads).ToArray();
        return new JsonObject
        {
            ["heads_before"] = heads,
            ["kv_heads_before"] = kvHeads,
            ["heads_after"] = kept.Length,
            ["kv_heads_after"] = groups.Length,
            ["scores"] = new JsonArray(scores.Select(s => (JsonNode)s).ToArray()),
            ["group_scores"] = new JsonArray(HeadSelection.GroupScores(scores, kvHeads).Select(s => (JsonNode)s).ToArray()),
            ["kept_kv_heads"] = new JsonArray(groups.Select(g => (JsonNode)g).ToArray()),
            ["kept"] = new JsonArray(kept.Select(h => (JsonNode)h).ToArray()),
        };
    }
}
