using SharpPrune.Pruning.Attribution;

namespace SharpPrune.Pruning;

/// <summary>
/// The methods SharpPrune runs, by their command-line names: the only place a method name is matched. Adding a method is
/// one line here (and, for a walker method, its <see cref="PruningMethod"/> type).
/// </summary>
public static class PruningMethods
{
    /// <summary>D-Pruner's name, which its run writes into pruning.json.</summary>
    public const string DPrunerName = "dpruner";

    /// <summary>The fixed-mask reconstruction's name, which its run writes into pruning.json.</summary>
    public const string ReconstructName = "reconstruct";

    /// <summary>Wanda compares within each output row (its paper's choice); the others per matrix.</summary>
    public static readonly IReadOnlyList<PruningMethodInfo> All =
    [
        Walker(() => new MagnitudePruning(), PruningScope.Matrix),
        Walker(() => new WandaPruning(), PruningScope.Row),
        Walker(() => new SparseGptPruning(), PruningScope.Matrix),
        new(DPrunerName, PruningKind.DPruner, PruningScope.Matrix),
        new("attribution", PruningKind.Attribution, PruningScope.Matrix, Scoring: UnitScoring.Attribution),
        new("attribution-random", PruningKind.Attribution, PruningScope.Matrix, Scoring: UnitScoring.Random),
        new("attribution-activation", PruningKind.Attribution, PruningScope.Matrix, Scoring: UnitScoring.Activation),
        new(ReconstructName, PruningKind.Reconstruct, PruningScope.Matrix),
    ];

    /// <summary>Every method's name, in registry order.</summary>
    public static readonly string[] Names = All.Select(m => m.Name).ToArray();

    /// <summary>The method named <paramref name="name"/>; an unknown name is refused with the ones available.</summary>
    public static PruningMethodInfo Find(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new SharpPruneException($"unknown --method '{name}'" + (ClosestName.Among(name, Names) is { } closest ? $" (did you mean {closest}?)" : "") +
            $"; available: {string.Join(", ", Names)}");

    /// <summary>A fresh walker method (magnitude, wanda, sparsegpt).</summary>
    public static PruningMethod Create(string name) =>
        Find(name).Factory?.Invoke() ?? throw new SharpPruneException($"--method {name} does not run through the layer-wise walker");

    public static PruningScope DefaultScope(string name) => Find(name).DefaultScope;

    /// <summary>A walker method's entry, named by the method itself.</summary>
    static PruningMethodInfo Walker(Func<PruningMethod> create, PruningScope defaultScope) =>
        new(create().Name, PruningKind.Walker, defaultScope, create);
}
