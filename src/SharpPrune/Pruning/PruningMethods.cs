namespace SharpPrune.Pruning;

/// <summary>The methods the engine runs, by their command-line names, with each one's default scope.</summary>
public static class PruningMethods
{
    public static readonly string[] Names = ["magnitude", "wanda", "sparsegpt"];

    public static PruningMethod Create(string name) => name switch
    {
        "magnitude" => new MagnitudePruning(),
        "wanda" => new WandaPruning(),
        "sparsegpt" => new SparseGptPruning(),
        _ => throw new SharpPruneException($"unknown --method '{name}' (available: {string.Join(", ", Names)})"),
    };

    /// <summary>Wanda compares within each output row (its paper's choice); magnitude and SparseGPT per matrix.</summary>
    public static PruningScope DefaultScope(string name) => name == "wanda" ? PruningScope.Row : PruningScope.Matrix;
}
