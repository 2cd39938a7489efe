using System.Text.Json.Nodes;
using SharpPrune.Models;

namespace SharpPrune.Pruning.Attribution;

/// <summary>The pruning.json parts of an attribution run: a report over the resized FFN matrices and the method's details.</summary>
public static class AttributionManifest
{
    public static readonly LinearSelection Units = new(["*.mlp.*"], []);

    public static PruningRecipe Recipe(string method, AttributionOptions options) =>
        new(method, new UnstructuredPattern(options.Ratio, options.Global ? PruningScope.Global : PruningScope.Matrix), Units, null);

    /// <summary>Per FFN matrix: its new shape and the entries removed with its neurons.</summary>
    public static PruningReport Report(CausalLM pruned, AttributionResult result)
    {
        var matrices = new List<MatrixResult>();
        for (int i = 0; i < pruned.Layers.Count; i++)
        {
            var layer = pruned.Layers[i];
            int before = result.WidthsBefore[i], removed = before - result.Kept[i].Length;
            foreach (var (name, linear) in layer.Linears)
            {
                var ff = layer.FeedForward;
                if (!ff.Expanding.Contains(linear) && linear != ff.Contracting) continue;
                long other = linear == ff.Contracting ? linear.weight!.shape[0] : linear.weight!.shape[1];
                matrices.Add(new MatrixResult(pruned.LayerPrefix(i) + name, linear.weight!.shape, removed * other, (double)removed / before));
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
            ["units"] = "ffn_neurons",
            ["ratio"] = o.Ratio,
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
        var scores = r.Scores.PerLayer[i];
        var kept = r.Kept[i].Select(k => (int)k).ToHashSet();
        var keptScores = scores.Where((_, k) => kept.Contains(k)).ToArray();
        var removedScores = scores.Where((_, k) => !kept.Contains(k)).ToArray();
        return new JsonObject
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
    }
}
