using System.Text.Json.Nodes;

namespace SharpPrune.Pruning;

/// <summary>What a pruning run wrote into pruning.json: its recipe, its report and the method's own details, if any.</summary>
public sealed record PruningResult(PruningRecipe Recipe, PruningReport Report, JsonObject? Details = null);
