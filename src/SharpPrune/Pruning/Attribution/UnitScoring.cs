namespace SharpPrune.Pruning.Attribution;

/// <summary>What ranks the units (FFN neurons, attention heads): attribution, or one of its baselines on the same units.</summary>
public enum UnitScoring
{
    Attribution,
    /// <summary>Seeded random scores: the floor any informed method must beat.</summary>
    Random,
    /// <summary>Mean |a| over positions and examples: importance without the task's target.</summary>
    Activation,
}
