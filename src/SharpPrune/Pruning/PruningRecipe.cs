using SharpPrune.Calibration;

namespace SharpPrune.Pruning;

/// <summary>Everything that determines a pruning result besides the input model.</summary>
public sealed record PruningRecipe(
    string Method,
    SparsityPattern Pattern,
    LinearSelection Selection,
    CalibrationSpec? Calibration,
    int BatchSize = 8,
    bool PropagatePruned = true,
    bool TrueSequential = false);
