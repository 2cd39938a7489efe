using SharpPrune.Pruning.Attribution;

namespace SharpPrune.Pruning;

/// <summary>
/// One entry of <see cref="PruningMethods"/>: a method's name (command line and pruning.json), the run that carries it
/// out, its default scope, and for walker methods the factory (whose instance also names the method's memory parts),
/// for attribution methods how units are scored.
/// </summary>
public sealed record PruningMethodInfo(string Name, PruningKind Kind, PruningScope DefaultScope,
    Func<PruningMethod>? Factory = null, UnitScoring Scoring = UnitScoring.Attribution);
